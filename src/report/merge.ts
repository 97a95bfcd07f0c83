/**
 * `lendcheck merge`: the `--json` results of the shards of one check (`check --shard I/N`, see
 * src/system/scale.ts) combined into one verdict per design and mode.
 *
 * - A violation in any shard is a violation of the design; the merged one is the shortest any shard
 *   found (ties: the lowest shard), which is a shortest counterexample of the whole search.
 * - A pass needs every shard 1..N present, each a pass; it is complete (`stats.complete`) only when
 *   every shard is (an exhaustive shard that covered its part; random shards never are). Otherwise
 *   the merged verdict is `incomplete`, and `reason` names the shards missing or incomplete.
 * - Stats: runs, states and transitions summed (the shards' work: exhaustive shards overlap in the
 *   first levels), depth the deepest, elapsedMs the slowest shard's (the matrix's wall time).
 */
import type { JsonReport } from './json.ts';

export interface ShardFacts {
  readonly index: number;
  readonly count: number;
}

export type MergeResult = { readonly ok: true; readonly reports: readonly JsonReport[] } | { readonly ok: false; readonly error: string };

/** Reads a report's shard (a report without one is the single shard 1/1). */
export function shardOf(report: JsonReport): ShardFacts {
  const shard = report.search?.['shard'] as { index?: unknown; count?: unknown } | undefined;
  if (shard !== undefined && typeof shard.index === 'number' && typeof shard.count === 'number') return { index: shard.index, count: shard.count };
  return { index: 1, count: 1 };
}

export function mergeReports(reports: readonly { readonly file: string; readonly report: JsonReport }[]): MergeResult {
  const groups = new Map<string, { file: string; report: JsonReport; shard: ShardFacts }[]>();
  for (const { file, report } of reports) {
    const key = `${report.design}\u0000${report.mode}`;
    const group = groups.get(key) ?? [];
    group.push({ file, report, shard: shardOf(report) });
    groups.set(key, group);
  }
  const merged: JsonReport[] = [];
  for (const group of groups.values()) {
    const design = group[0]!.report.design;
    const count = group[0]!.shard.count;
    const other = group.find((g) => g.shard.count !== count);
    if (other !== undefined) return { ok: false, error: `${other.file}: design ${design} is shard ${other.shard.index}/${other.shard.count}, but ${group[0]!.file} is of ${count} shards` };
    const byIndex = new Map<number, (typeof group)[number]>();
    for (const g of group) {
      const seen = byIndex.get(g.shard.index);
      if (seen !== undefined) return { ok: false, error: `${g.file}: design ${design} shard ${g.shard.index}/${count} is also in ${seen.file}` };
      byIndex.set(g.shard.index, g);
    }
    const shards = [...byIndex.values()].sort((a, b) => a.shard.index - b.shard.index);
    const missing: number[] = [];
    for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i);
    const violations = shards.filter((g) => g.report.verdict === 'violation' && g.report.violation !== undefined);
    const shortest = violations.sort((a, b) => a.report.violation!.step - b.report.violation!.step || a.shard.index - b.shard.index)[0];
    const notComplete = shards.filter((g) => g.report.verdict !== 'pass').map((g) => g.shard.index);
    const verdict = shortest !== undefined ? 'violation' : missing.length === 0 && notComplete.length === 0 ? 'pass' : 'incomplete';
    const base = (shortest ?? shards[0]!).report;
    const sum = (f: (r: JsonReport) => number) => shards.reduce((total, g) => total + f(g.report), 0);
    const reasons = [
      ...(missing.length > 0 ? [`shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${count} missing`] : []),
      ...(notComplete.length > 0 ? [`shard${notComplete.length > 1 ? 's' : ''} ${notComplete.join(', ')} incomplete`] : []),
    ];
    const { reason: _reason, violation: _violation, ...rest } = base;
    void _reason;
    void _violation;
    merged.push({
      ...rest,
      verdict,
      ...(verdict === 'violation' ? { violation: base.violation! } : {}),
      stats: {
        runs: sum((r) => r.stats.runs),
        states: sum((r) => r.stats.states),
        transitions: sum((r) => r.stats.transitions),
        depth: Math.max(...shards.map((g) => g.report.stats.depth)),
        complete: verdict === 'pass' && shards.every((g) => g.report.stats.complete),
        elapsedMs: Math.max(...shards.map((g) => g.report.stats.elapsedMs)),
      },
      ...(verdict === 'incomplete' ? { reason: reasons.join('; ') } : {}),
      search: {
        shards: {
          count,
          present: shards.map((g) => g.shard.index),
          missing,
          incomplete: notComplete,
          ...(shortest === undefined ? {} : { violationFrom: shortest.shard.index }),
        },
      },
    });
  }
  return { ok: true, reports: merged };
}
