/** `lendcheck repair <design>`: the smallest catalogue edit set that makes the design pass everywhere. */
import { mkdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { formatInputError } from '../input/errors.ts';
import { unifiedDiff } from '../report/unified-diff.ts';
import { writeAtomic } from '../report/write.ts';
import { repairDesign } from '../review/repair.ts';
import { variantLabel } from '../review/variants.ts';
import { EXIT, type Io } from './io.ts';
import { positiveInteger } from '../api/flags.ts';
import { readDesigns, reviewSearch, reviewVariants, type SearchArgs } from '../api/review-flags.ts';

export interface RepairArgs extends SearchArgs {
  readonly design: string;
  readonly vary: readonly string[];
  readonly maxEdits: number;
  readonly out: string | undefined;
  readonly json: boolean;
}

export async function repairCommand(args: RepairArgs, io: Io): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`lendcheck: ${message}\n`);
    return EXIT.usage;
  };
  const search = reviewSearch(args);
  if (!search.ok) return usage(search.error);
  const maxEdits = positiveInteger('max-edits', args.maxEdits);
  if (!maxEdits.ok) return usage(maxEdits.error);
  // Without --vary, the design's own platform is the one variant.
  const variants = reviewVariants(args.vary, []);
  if (!variants.ok) return usage(variants.error);
  const designs = readDesigns([args.design]);
  if (!designs.ok) return usage(designs.error);
  const design = designs.value[0]!;

  const started = performance.now();
  const outcome = await repairDesign(design.file, design.text, variants.value, search.value, { maxEdits: maxEdits.value ?? 3 });
  const seconds = (performance.now() - started) / 1000;
  if (!outcome.ok) {
    io.stderr(outcome.errors.map((e) => `${formatInputError(e)}\n`).join(''));
    return EXIT.usage;
  }
  const r = outcome.value;
  const out = args.out ?? join('reports', r.design);
  const target = join(out, `${r.design}.repaired${extname(design.file) === '.json' ? '.json' : '.yaml'}`);
  const name = basename(design.file);
  const diff = r.found ? unifiedDiff(r.original, r.text, `a/${name}`, `b/${basename(target)}`) : '';
  let written: string | null = null;
  if (r.found && !r.alreadyPasses) {
    if (resolve(target) === resolve(design.file)) return usage(`refusing to overwrite the design file ${design.file}; pass another --out`);
    try {
      mkdirSync(out, { recursive: true });
      writeAtomic(target, r.text);
      written = target;
    } catch (e) {
      return usage(`cannot write ${target}: ${(e as Error).message}`);
    }
  }
  const where = variants.value.map(variantLabel).join('; ');
  const stats = `${r.candidates} candidate${r.candidates === 1 ? '' : 's'} tried, ${r.checks} exhaustive check${r.checks === 1 ? '' : 's'}, ${seconds.toFixed(2)} s`;
  if (args.json) {
    io.stdout(
      `${JSON.stringify({
        design: r.design,
        found: r.found,
        edits: r.edits,
        diff,
        ...(written === null ? {} : { repaired: written }),
        variants: variants.value,
        ...(r.broken === null ? {} : { broken: r.broken }),
        candidates: r.candidates,
        checks: r.checks,
        truncated: r.truncated,
      })}\n`,
    );
  } else if (r.alreadyPasses) {
    io.stdout(`${r.design} already passes, complete, on ${where}: nothing to repair (${stats}).\n`);
  } else if (r.found) {
    const broken = r.broken === null ? '' : ` (it broke ${r.broken.invariant} in ${r.broken.length} steps)`;
    io.stdout(`Repair of ${r.design}${broken}: ${r.edits.length} edit${r.edits.length === 1 ? '' : 's'}; the repaired design passes, exhaustive and complete, on ${where}.\n`);
    for (const e of r.edits) io.stdout(`  - ${e.text}\n`);
    io.stdout(`\n${diff}\nrepaired design: ${written}\n${stats}\n`);
  } else {
    io.stdout(
      `No repair of ${r.design} within ${maxEdits.value ?? 3} edit${(maxEdits.value ?? 3) === 1 ? '' : 's'}: no set of catalogue edits that size made it pass, complete, on ${where}${r.truncated ? ' (the search stopped at its candidate budget)' : ''}.\n${stats}\n`,
    );
  }
  return r.found ? EXIT.ok : EXIT.violation;
}
