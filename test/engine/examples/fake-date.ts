/**
 * vitest's fake Date (timers stay real, so the engines' event-loop turns still run): the clock
 * stands still unless a test moves it, so a time budget is reached at a counted event, never
 * because the machine is slow.
 */
import { vi } from 'vitest';

/** Runs `test` with Date faked, restoring the real clock afterwards. */
export async function withFakeDate<T>(test: () => T | Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    return await test();
  } finally {
    vi.useRealTimers();
  }
}

/** Moves the fake clock an hour on: past any budget a test sets. */
export function jumpAnHour(): void {
  vi.setSystemTime(Date.now() + 3_600_000);
}
