/**
 * Every scenario shipped under scenarios/ loads and runs with every `expect` matched: the samples
 * from the research notes and the conformance suite, one test per file.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInputError } from '../../src/input/errors.ts';
import { executeScenario, formatScenarioRun, loadScenarioFile } from '../../src/scenario/index.ts';

const ROOT = fileURLToPath(new URL('../../scenarios/', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith('.yaml') ? [path] : [];
  });
}

const files = yamlFiles(ROOT).sort();

describe('scenarios/', () => {
  it('holds the 20 samples and at least 60 conformance scenarios', () => {
    expect(files.filter((f) => f.includes('/samples/')).length).toBeGreaterThanOrEqual(20);
    expect(files.filter((f) => f.includes('/conformance/')).length).toBeGreaterThanOrEqual(60);
  });

  for (const file of files) {
    it(file.slice(ROOT.length), () => {
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) expect.fail(loaded.errors.map(formatInputError).join('\n'));
      const run = executeScenario(loaded.value);
      // The text report says which step went wrong and what it expected.
      expect(run.report.ok, formatScenarioRun(run)).toBe(true);
    });
  }

  it('conformance scenarios name the public test they come from', () => {
    for (const file of files.filter((f) => f.includes('/conformance/'))) {
      const loaded = loadScenarioFile(file);
      expect(loaded.ok).toBe(true);
      if (loaded.ok) expect(loaded.value.name, file).toBe(file.split('/').pop()!.replace(/\.yaml$/, ''));
    }
  });
});
