/** `lendcheck list steps|invariants|designs`: the vocabulary, printed from the code that defines it. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTROL_STEPS, KERNEL_STEPS } from '../../model/steps.ts';
import { ALL_INVARIANTS } from '../../properties/index.ts';
import { loadDesignFile } from '../design/load.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { EXIT, type Io } from './io.ts';

/** The designs that ship with lendcheck, beside the package. */
export const SHIPPED_DESIGNS_DIR = join(PACKAGE_ROOT, 'designs');

export function listCommand(what: 'steps' | 'invariants' | 'designs', io: Io): number {
  switch (what) {
    case 'steps': {
      const rows = [...KERNEL_STEPS, ...CONTROL_STEPS].map((s) => {
        const args = s.args.map((a) => (a.required ? a.name : `${a.name}?`)).join(', ');
        return `${s.name}${args ? ` {${args}}` : ''}\n    models: ${s.models}\n    effect: ${s.effect}`;
      });
      io.stdout(rows.join('\n') + '\n');
      return EXIT.ok;
    }
    case 'invariants':
      io.stdout(ALL_INVARIANTS.map((i) => `${i.id}\n    holds when: ${i.holds}\n    why: ${i.why}`).join('\n') + '\n');
      return EXIT.ok;
    case 'designs': {
      const files = shippedDesignFiles();
      const lines = files.map((file) => {
        const loaded = loadDesignFile(file);
        const shown = relative(process.cwd(), file) || file;
        return loaded.ok ? `${loaded.value.design.padEnd(40)} ${shown}\n    ${loaded.value.title}` : `${shown} (does not load)`;
      });
      io.stdout(lines.join('\n') + '\n');
      return EXIT.ok;
    }
  }
}

export function shippedDesignFiles(): string[] {
  let names: string[];
  try {
    names = readdirSync(SHIPPED_DESIGNS_DIR);
  } catch {
    return [];
  }
  return names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => join(SHIPPED_DESIGNS_DIR, n));
}
