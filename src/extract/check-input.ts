/**
 * `lendcheck check file.c... --actor NAME=fn1,fn2`: the C files given to check together make one
 * extracted design (loaded from memory, never written); the other files load as designs do.
 */
import { loadDesignFile, loadDesignText } from '../design/load.ts';
import type { Program } from '../design/program.ts';
import { failure, success, type Checked, type InputError } from '../input/errors.ts';
import { extractDesign, parseActorFlag, type ActorSpec } from './extract.ts';

export interface CheckExtractArgs {
  readonly actors: readonly string[];
  readonly platform?: string | undefined;
  readonly map?: string | undefined;
  readonly pages?: number | undefined;
}

export const isCSource = (file: string): boolean => /\.[ch]$/.test(file);

/** Loads every input of `check`: designs as files, C sources as one extracted design. */
export async function loadCheckInputs(inputs: readonly string[], extract: CheckExtractArgs): Promise<Checked<Program[]>> {
  const programs: Program[] = [];
  const errors: InputError[] = [];
  const cFiles = inputs.filter(isCSource);
  const usage = (message: string): InputError => ({ file: '<command line>', line: 0, column: 0, message });
  if (cFiles.length === 0 && extract.actors.length > 0) errors.push(usage('--actor applies to C files; give the driver\'s .c files to check'));
  for (const file of inputs) {
    if (isCSource(file)) continue;
    const loaded = loadDesignFile(file);
    if (loaded.ok) programs.push(loaded.value);
    else errors.push(...loaded.errors);
  }
  if (cFiles.length > 0) {
    const actors: ActorSpec[] = [];
    for (const flag of extract.actors) {
      const spec = parseActorFlag(flag);
      if (typeof spec === 'string') errors.push(usage(spec));
      else actors.push(spec);
    }
    if (extract.actors.length === 0) errors.push(usage('checking C files needs --actor NAME=fn1,fn2 (the functions each actor runs, in order)'));
    if (errors.length === 0) {
      const extracted = await extractDesign({ files: cFiles, actors, platform: extract.platform, map: extract.map, pages: extract.pages });
      if (!extracted.ok) errors.push(...extracted.errors);
      else {
        // Named after the first C file, so reports say where the design came from.
        const loaded = loadDesignText(cFiles[0]!, extracted.value.yaml);
        if (loaded.ok) programs.push(loaded.value);
        else errors.push(...loaded.errors.map((e) => ({ ...e, message: `in the design extracted from it (see lendcheck extract): ${e.message}` })));
      }
    }
  }
  return errors.length > 0 ? failure(errors) : success(programs);
}
