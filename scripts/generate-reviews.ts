/** `npm run reviews`: rewrites reviews/dynamic-protmem.md (see scripts/dynamic-protmem-review.ts). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderDynamicProtmemReview } from './dynamic-protmem-review.ts';

mkdirSync('reviews', { recursive: true });
writeFileSync('reviews/dynamic-protmem.md', await renderDynamicProtmemReview(process.cwd()));
process.stdout.write('wrote reviews/dynamic-protmem.md\n');
