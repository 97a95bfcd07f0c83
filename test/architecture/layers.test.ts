/**
 * The layers of ../shared/STYLE.md, checked on every import of the sources: the model and the
 * properties never import from src/; the engines know only their own folder (no FF-A, no design);
 * nothing below the command line imports src/cli/ (the library, src/api/, is under it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** The repository-relative files a source file imports (static and dynamic imports of relative paths). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) found.push(relative(ROOT, resolve(ROOT, dirname(file), m[1]!)));
  return found;
}

function crossings(dirs: readonly string[], allowed: (target: string) => boolean): string[] {
  return dirs.flatMap((dir) => sources(dir).flatMap((file) => importsOf(file).filter((t) => !allowed(t)).map((t) => `${file} -> ${t}`)));
}

describe('layers', () => {
  it('finds the imports it checks (a parse that found none would pass every rule)', () => {
    expect(importsOf('src/engine/parallel-exhaustive.ts')).toContain('src/engine/exhaustive.ts');
    expect(importsOf('src/cli/check-command.ts').some((t) => t.startsWith('src/api/'))).toBe(true);
    expect(sources('model').length).toBeGreaterThan(20);
  });

  it('model/ and properties/ never import from src/', () => {
    expect(crossings(['model', 'properties'], (t) => !t.startsWith('src/'))).toEqual([]);
  });

  it('src/engine/ imports nothing outside src/engine/ (the engines never know about FF-A)', () => {
    expect(crossings(['src/engine'], (t) => t.startsWith('src/engine/'))).toEqual([]);
  });

  it('nothing outside src/cli/ imports from src/cli/', () => {
    const below = readdirSync(join(ROOT, 'src'), { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'cli').map((e) => `src/${e.name}`);
    expect(crossings([...below, 'model', 'properties'], (t) => !t.startsWith('src/cli/'))).toEqual([]);
  });
});
