/** `npm run reports`: rewrites examples/ from the shipped designs (see scripts/example-reports.ts). */
import { EXAMPLES_DIR, writeExampleReports } from './example-reports.ts';

const written = await writeExampleReports(EXAMPLES_DIR, process.cwd());
process.stdout.write(`wrote ${written.length} files under ${EXAMPLES_DIR}/\n`);
