/** `npm run schema`: writes schema/design.schema.json and schema/scenario.schema.json from the loaders' tables. */
import { SCHEMA_FILES, schemaFiles } from './schema-files.ts';
import { writeAtomic } from '../src/report/write.ts';

for (const [file, text] of Object.entries(schemaFiles())) writeAtomic(file, text);
process.stdout.write(`wrote ${Object.values(SCHEMA_FILES).join(', ')}\n`);
