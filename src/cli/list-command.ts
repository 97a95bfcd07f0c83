/** `lendcheck list steps|invariants|designs`: the vocabulary, printed from the code that defines it. */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTROL_STEPS, KERNEL_STEPS } from '../../model/steps.ts';
import { ALL_INVARIANTS } from '../../properties/index.ts';
import { loadDesignFile } from '../design/load.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { EXIT, type Io } from './io.ts';
import { INJECTABLE_STEPS } from '../design/failures.ts';
import { ENV_ACTORS } from '../../model/environment/actions.ts';

/** The designs that ship with lendcheck, beside the package. */
export const SHIPPED_DESIGNS_DIR = join(PACKAGE_ROOT, 'designs');

export function listCommand(what: 'steps' | 'invariants' | 'designs', io: Io): number {
  switch (what) {
    case 'steps': {
      const rows = [...KERNEL_STEPS, ...CONTROL_STEPS].map((s) => {
        const args = s.args.map((a) => (a.required ? a.name : `${a.name}?`)).join(', ');
        return `${s.name}${args ? ` {${args}}` : ''}\n    models: ${s.models}\n    effect: ${s.effect}`;
      });
      io.stdout(rows.join('\n') + '\n' + PART_TWO_VOCABULARY);
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

/** Design keys and environment actors beyond the steps (SPEC section 9), as `list steps` ends. */
const PART_TWO_VOCABULARY = [
  '',
  'design keys:',
  `failures {step: ERROR}`,
  `    models: the kernel's fault injection (fail_page_alloc, failslab)`,
  `    effect: each listed step (${INJECTABLE_STEPS.join(', ')}) may also fail with ERROR, leaving the state unchanged; both outcomes are explored`,
  `shutdown [procedure, ...]`,
  `    models: the driver's .shutdown callback before a kexec`,
  `    effect: run to the end by the kexec environment actor, with no other kernel actor moving`,
  '',
  `environment actors (besides the default ${ENV_ACTORS.join(', ')}; name them in environment: to get them):`,
  `kexec`,
  `    models: kexec / kexec-based reboot`,
  `    effect: at any point: shutdown runs, every kernel actor stops, the new kernel takes every page not leaked and not owned by a secure endpoint as free and linear-mapped (live transactions stay live)`,
  `kdump`,
  `    models: the crash kernel's /proc/vmcore`,
  `    effect: at any point: a kernel read of every allocated or free cma/system page not nosave through a fresh linear mapping`,
  '',
].join('\n');

export function shippedDesignFiles(): string[] {
  let names: string[];
  try {
    names = readdirSync(SHIPPED_DESIGNS_DIR);
  } catch {
    return [];
  }
  return names.filter((n) => /\.(ya?ml|json)$/.test(n)).sort().map((n) => join(SHIPPED_DESIGNS_DIR, n));
}
