/** Every design shipped under designs/ compiles (the folder may be empty; designs are added later). */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/input/errors.ts';
import { loadDesignFile } from '../../src/design/load.ts';
import { expectWellFormed } from './helpers.ts';

const DESIGNS = fileURLToPath(new URL('../../designs/', import.meta.url));

function designFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return designFiles(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}

describe('designs/', () => {
  const files = designFiles(DESIGNS).sort();

  it('may be empty', () => {
    expect(Array.isArray(files)).toBe(true);
  });

  for (const file of files) {
    it(`compiles ${file.slice(DESIGNS.length)}`, () => {
      const result = loadDesignFile(file);
      if (!result.ok) throw new Error(result.errors.map(formatInputError).join('\n'));
      expect(result.value.file).toBe(file);
      expectWellFormed(result.value);
    });
  }
});
