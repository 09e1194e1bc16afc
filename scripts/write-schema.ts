// Writes schemas/kpi.schema.json from the KPI type registry (`npm run schema`).
import * as fs from 'fs';
import * as path from 'path';
import { buildSchema } from '../src/core/kpifile/buildSchema';

export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schemas', 'kpi.schema.json');

export function schemaText(): string {
  return JSON.stringify(buildSchema(), null, 2) + '\n';
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
}
