/** A one-line progress display on stderr for interactive terminals (never in --json or CI logs). */
import type { Progress, ProgressListener } from '../engine/progress.ts';
import type { Io } from './io.ts';

export interface ProgressLine {
  readonly listener: ProgressListener | undefined;
  /** Erases the line before the report is printed. */
  clear(): void;
}

export function progressLine(io: Io, enabled: boolean, label: string): ProgressLine {
  if (!enabled) return { listener: undefined, clear: () => {} };
  let shown = false;
  return {
    listener: (p: Progress) => {
      shown = true;
      io.stderr(`\r\x1b[K${label}: ${describe(p)}`);
    },
    clear: () => {
      if (shown) io.stderr('\r\x1b[K');
    },
  };
}

function describe(p: Progress): string {
  const rate = `${Math.round(p.statesPerSecond).toLocaleString('en-US')} states/s`;
  if (p.phase !== 'search') return `${p.phase === 'shrink' ? 'shrinking' : 'minimising'} (${p.runs.toLocaleString('en-US')} runs)`;
  if (p.queue > 0 || p.runs <= 1) {
    return `${p.states.toLocaleString('en-US')} states, depth ${p.depth}, queue ${p.queue.toLocaleString('en-US')}, ${rate}`;
  }
  return `${p.runs.toLocaleString('en-US')} runs, ${p.transitions.toLocaleString('en-US')} transitions, ${rate}`;
}
