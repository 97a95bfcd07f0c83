/**
 * The `platform` block of a scenario: the same knobs, checks and messages as a design's
 * (src/design/platform.ts), with errors appended to the scenario loader's list.
 */
import type { Platform } from '../../model/platform.ts';
import { Diagnostics } from '../design/diagnostics.ts';
import { parsePlatform } from '../design/platform.ts';
import type { InputError } from '../input/errors.ts';
import type { DataPath, SourceDocument } from '../input/source.ts';

/** Checks `value` (found at `path`) as a platform block; errors are appended to `errors`. */
export function checkPlatform(doc: SourceDocument, path: DataPath, value: unknown, errors: InputError[]): Platform {
  const d = new Diagnostics(doc);
  const platform = parsePlatform(d, value === null ? undefined : value, path);
  errors.push(...d.errors);
  return platform;
}
