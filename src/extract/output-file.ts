/**
 * `-o design.yaml`: never destroys what a user wrote. An existing file is replaced only when it is
 * an earlier extract output (its first line is the generated mark); the new text is written to a
 * temporary file beside it and renamed over it, so a crash leaves the old file or the new one.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { GENERATED_MARK } from './emit-yaml.ts';

export type Written = { readonly ok: true } | { readonly ok: false; readonly error: string };

export function writeExtractOutput(path: string, text: string): Written {
  if (existsSync(path)) {
    let first = '';
    try {
      first = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
    } catch (e) {
      return { ok: false, error: `cannot read ${path}: ${(e as Error).message}` };
    }
    if (!first.startsWith(GENERATED_MARK)) {
      return { ok: false, error: `${path} exists and was not written by lendcheck extract; not overwriting it (choose another -o, or remove the file)` };
    }
  }
  const temp = `${path}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, 'wx');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return { ok: true };
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // nothing to clean up
    }
    return { ok: false, error: `cannot write ${path}: ${(e as Error).message}` };
  }
}
