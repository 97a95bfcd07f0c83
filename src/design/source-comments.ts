/**
 * Designs extracted from C (`lendcheck extract`) carry a `# file.c:LINE function()` comment on
 * every step. Reports show that C place beside the design line, so a counterexample points at the
 * C line each step came from. Any design may use the same comment form.
 */

const C_PLACE = /#\s*([\w./+-]+\.[ch]):(\d+)\s+([A-Za-z_]\w*)\(\)\s*$/;

const cache = new Map<string, ReadonlyMap<number, string>>();

/** Design line -> `file.c:LINE function()`, for the lines that carry such a comment. */
export function sourcePlaces(designText: string): ReadonlyMap<number, string> {
  const known = cache.get(designText);
  if (known !== undefined) return known;
  const places = new Map<number, string>();
  designText.split('\n').forEach((line, i) => {
    const m = C_PLACE.exec(line);
    if (m !== null) places.set(i + 1, `${m[1]}:${m[2]} ${m[3]}()`);
  });
  if (cache.size > 32) cache.clear();
  cache.set(designText, places);
  return places;
}
