/** `lendcheck extract <file.c>... --actor NAME=fn1,fn2 ...`: a design from kernel C (SPEC section 11). */
import { formatInputError } from '../input/errors.ts';
import { loadDesignText } from '../design/load.ts';
import { extractDesign, parseActorFlag, type ActorSpec } from '../extract/extract.ts';
import { writeExtractOutput } from '../extract/output-file.ts';
import { EXIT, type Io } from './io.ts';

export interface ExtractArgs {
  readonly files: readonly string[];
  readonly actors: readonly string[];
  readonly platform: string | undefined;
  readonly map: string | undefined;
  readonly pages: number | undefined;
  readonly output: string | undefined;
}

/** The --actor flags as specs, or the first usage error. */
export function actorSpecs(flags: readonly string[]): { ok: true; value: ActorSpec[] } | { ok: false; error: string } {
  const specs: ActorSpec[] = [];
  for (const flag of flags) {
    const spec = parseActorFlag(flag);
    if (typeof spec === 'string') return { ok: false, error: spec };
    if (specs.some((s) => s.name === spec.name)) return { ok: false, error: `--actor ${spec.name} is given twice` };
    specs.push(spec);
  }
  if (specs.length === 0) return { ok: false, error: 'name at least one --actor NAME=fn1,fn2 (the C functions the actor runs, in order)' };
  return { ok: true, value: specs };
}

export async function extractCommand(args: ExtractArgs, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`lendcheck: ${message}\n`);
    return EXIT.usage;
  };
  const actors = actorSpecs(args.actors);
  if (!actors.ok) return usage(actors.error);
  if (args.pages !== undefined && (!Number.isInteger(args.pages) || args.pages < 1)) return usage(`--pages expects a positive integer, got ${args.pages}`);
  const extracted = await extractDesign({ files: args.files, actors: actors.value, platform: args.platform, map: args.map, pages: args.pages });
  if (!extracted.ok) {
    io.stderr(extracted.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  // The design must load: a platform without the region the C allocates from is the user's to fix.
  const loaded = loadDesignText(args.output ?? `${extracted.value.id}.yaml`, extracted.value.yaml);
  if (!loaded.ok) {
    io.stderr(`lendcheck: the extracted design does not load:\n${loaded.errors.map((e) => `  ${formatInputError(e)}\n`).join('')}`);
    if (args.output === undefined) io.stdout(extracted.value.yaml);
    return EXIT.usage;
  }
  if (args.output === undefined) {
    io.stdout(extracted.value.yaml);
    return EXIT.ok;
  }
  const written = writeExtractOutput(args.output, extracted.value.yaml);
  if (!written.ok) return usage(written.error);
  io.stderr(`lendcheck: wrote ${args.output}\n`);
  return EXIT.ok;
}
