#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, install the tarball into an empty project (from the
# npm cache, the registry only for what the cache lacks), then run it there: --version, a check of
# a shipped design, the library API from a script, its types, and the subpath exports.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$repo"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "pack-check: packed $tarball ($(du -k "$work/$tarball" | cut -f1) kB)"
mkdir "$work/project"
cd "$work/project"
npm init -y >/dev/null
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$work/$tarball"
for dev in tsx typescript vitest; do
  if [ -e "node_modules/$dev" ]; then echo "pack-check: $dev was installed as a runtime dependency" >&2; exit 1; fi
done

version="$(npx lendcheck --version)"
expected="$(node -p "require('$repo/package.json').version")"
[ "$version" = "$expected" ] || { echo "pack-check: --version printed '$version', expected '$expected'" >&2; exit 1; }
echo "pack-check: npx lendcheck --version -> $version"

set +e
npx lendcheck check node_modules/lendcheck/designs/optee-protmem-merged.yaml --seed 1 >check.out
code=$?
set -e
[ "$code" = 1 ] || { cat check.out; echo "pack-check: check of the merged design exited $code, expected 1" >&2; exit 1; }
[ -f reports/optee-protmem-merged/trace.md ] || { echo "pack-check: no reports/optee-protmem-merged/trace.md" >&2; exit 1; }
npx lendcheck check node_modules/lendcheck/designs/optee-protmem-fixed-single.yaml >/dev/null
npx lendcheck list designs | grep -q optee-protmem-fixed
echo "pack-check: lendcheck check: merged design exit 1 with reports, fixed design exit 0"

cat >api.mjs <<'JS'
import { check, loadDesign, DesignError } from 'lendcheck';
const design = await loadDesign('node_modules/lendcheck/designs/optee-protmem-merged.yaml');
const report = await check(design, { seed: 1, out: 'reports/api' });
if (report.verdict !== 'violation' || report.violation.invariant !== 'no-ns-mapping-of-lent-memory') throw new Error(JSON.stringify(report));
const bad = await loadDesign('api.mjs').catch((e) => e);
if (!(bad instanceof DesignError) || bad.errors.length === 0) throw new Error(`expected a DesignError, got ${bad}`);
const resolve = (s) => import.meta.resolve(s);
for (const subpath of ['lendcheck/vitest', 'lendcheck/schema/design.schema.json', 'lendcheck/schema/scenario.schema.json']) resolve(subpath);
console.log(`pack-check: API script: ${report.design} ${report.verdict} (${report.violation.invariant}, ${report.violation.trace.length} steps)`);
JS
node api.mjs

cat >types.mts <<'TS'
import { check, loadDesign, type CheckReport, type Design } from 'lendcheck';
const design: Design = await loadDesign('x.yaml');
const report: CheckReport = await check(design, { mode: 'exhaustive', maxStates: 10 });
const verdict: 'violation' | 'pass' | 'incomplete' = report.verdict;
// @ts-expect-error: not a check option
await check(design, { nonsense: true });
export { verdict };
TS
"$repo/node_modules/.bin/tsc" --noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 --skipLibCheck \
  --typeRoots "$repo/node_modules/@types" --types node types.mts
echo "pack-check: the package's types check a TypeScript script"
