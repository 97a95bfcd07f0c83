import { EXIT, type Io } from './io.ts';
export async function replayCommand(_trace: string, _json: boolean, io: Io): Promise<number> {
  io.stderr('lendcheck: replay is not wired yet\n');
  return EXIT.usage;
}
