// The KPI file schema's ajv validator as a CommonJS module (ajv's standalone code, from
// buildSchema() with schemaValidation.ts's options): esbuild.mjs bundles it into
// dist/kpi-schema-validator.js at every build, so the CLI, the language server and the extension
// host load a compiled validator instead of compiling the schema before their first check
// (issue 21). test/unit/kpifile/precompiledValidator.test.ts checks it gives ajv's errors.
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { buildSchema } from '../src/core/kpifile/buildSchema';
import { VALIDATOR_OPTIONS } from '../src/core/kpifile/validatorOptions';

/** The module's code: `module.exports` is the validate function (it requires two ajv runtime helpers). */
export function schemaValidatorCode(): string {
  const ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { ...VALIDATOR_OPTIONS.code, source: true } });
  return standaloneCode(ajv, ajv.compile(buildSchema()));
}
