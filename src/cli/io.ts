/** Where the CLI writes, injectable so tests can capture output without spawning processes. */

export const EXIT = { ok: 0, violation: 1, usage: 2, incomplete: 3 } as const;

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Terminal width, for wrapping help text. */
  readonly columns: number;
  /** Whether progress lines may be shown (an interactive terminal, not CI). */
  readonly interactive: boolean;
}

export function processIo(): Io {
  // `lendcheck ... | head` closes the pipe early: stop quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(process.exitCode ?? 0);
    });
  }
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    columns: process.stdout.columns ?? 80,
    interactive: Boolean(process.stderr.isTTY) && !process.env['CI'],
  };
}

/** An Io that records everything, for tests. */
export function memoryIo(): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    columns: 80,
    interactive: false,
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
  };
  return io;
}
