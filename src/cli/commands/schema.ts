// `kpilens schema`: prints the JSON Schema of KPI files (for editors and other tools).
import { buildSchema } from '../../core/kpifile/buildSchema';
import type { CliIo } from '../io';

export function schemaCommand(io: CliIo): number {
  io.out(JSON.stringify(buildSchema(), null, 2) + '\n');
  return 0;
}
