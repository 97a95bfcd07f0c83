import type { World } from '../model/state.ts';
import type { Invariant, InvariantViolation } from './invariant.ts';
import { Findings } from './ns-paths.ts';

/** One live transaction per page at most, and no send by `ns` of a page a live transaction covers. */
export const noDoubleLend: Invariant = {
  id: 'no-double-lend',
  holds:
    'no page is covered by two live transactions, and ns never issues a send for a page a live transaction covers (even if the relayer refuses it)',
  why: 'two handles on one physical page mean two owners: reclaiming one gives the page back to Linux while the secure side still uses it under the other, and a resend that the relayer refuses shows the driver lost track of what it lent',
  check(world: World): InvariantViolation | null {
    const txs = world.transactions;
    let found: Findings | null = null;
    // Stryker disable next-line EqualityOperator: `i <= txs.length` is equivalent, txs[txs.length] is undefined and the next line skips it (this also silences `i >= txs.length`, which the tests kill: it never enters the loop, or never leaves it)
    for (let i = 0; i < txs.length; i++) {
      const a = txs[i];
      if (a === null || a === undefined) continue;
      // Stryker disable next-line EqualityOperator: `j <= txs.length` is equivalent, txs[txs.length] is undefined and the next line skips it (this also silences `j >= txs.length`, which the tests kill: it never enters the loop, or never leaves it)
      for (let j = i + 1; j < txs.length; j++) {
        const b = txs[j];
        if (b === null || b === undefined) continue;
        for (const page of a.pages) {
          if (!b.pages.includes(page)) continue;
          const which = `two live transactions, handle ${a.handle} (${a.op}) and handle ${b.handle} (${b.op})`;
          (found ??= new Findings()).add(page, [`is covered by ${which}`, `are covered by ${which}`]);
        }
      }
    }
    if (found !== null) return found.violation('no-double-lend');
    const hazard = world.hazards.doubleSend;
    return hazard === null ? null : { invariant: 'no-double-lend', message: hazard.what, pages: hazard.pages };
  },
};
