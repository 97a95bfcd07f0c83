import { EXIT, type Io } from './io.ts';
export async function runCommand(_scenario: string, _json: boolean, io: Io): Promise<number> {
  io.stderr('lendcheck: run is not wired yet\n');
  return EXIT.usage;
}
