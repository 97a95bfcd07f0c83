/** Runs the real CLI (bin/lendcheck.js) in a child process, as a user or a CI runner would. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '../../bin/lendcheck.js');

export interface ChildResult {
  readonly code: number | null;
  /** The signal that killed the process, if one did (null when it exited by itself). */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningChild {
  readonly process: ChildProcess;
  readonly done: Promise<ChildResult>;
}

/** Starts `node [nodeFlags] bin/lendcheck.js args` without a terminal (pipes, CI unset). */
export function startCli(args: readonly string[], options: { nodeFlags?: readonly string[]; cwd?: string } = {}): RunningChild {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), BIN, ...args], {
    cwd: options.cwd ?? join(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { process: child, done };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], options: { nodeFlags?: readonly string[]; cwd?: string } = {}): Promise<ChildResult> {
  return startCli(args, options).done;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU seconds a process has used (Linux /proc), or null where /proc is not available. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat(5) (utime, stime), counted from after the command name; 100 ticks/s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Waits until the child has used `seconds` of CPU (so it is past start-up and inside its work,
 * however loaded the machine is), or has exited. Without /proc, waits that long instead.
 */
export async function waitForCpu(child: ChildProcess, seconds: number): Promise<void> {
  while (child.exitCode === null && child.signalCode === null) {
    const used = cpuSeconds(child.pid!);
    if (used === null) return sleep(seconds * 1000);
    if (used >= seconds) return;
    await sleep(50);
  }
}
