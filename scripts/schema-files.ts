/** The schema files of the repository and their generated text (the staleness test compares the two). */
import { designSchema } from '../src/schema/design-schema.ts';
import { scenarioSchema } from '../src/schema/scenario-schema.ts';

export const SCHEMA_FILES = { design: 'schema/design.schema.json', scenario: 'schema/scenario.schema.json' } as const;

export function schemaFiles(): Record<string, string> {
  return {
    [SCHEMA_FILES.design]: JSON.stringify(designSchema(), null, 2) + '\n',
    [SCHEMA_FILES.scenario]: JSON.stringify(scenarioSchema(), null, 2) + '\n',
  };
}
