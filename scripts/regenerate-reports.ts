/** `npm run reports`: rewrites reports/ from the shipped designs (see scripts/example-reports.ts). */
import { writeExampleReports } from './example-reports.ts';

const written = await writeExampleReports('reports', process.cwd());
process.stdout.write(`wrote ${written.length} files under reports/\n`);
