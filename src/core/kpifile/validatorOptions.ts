// The ajv options of the KPI file schema's validator, for both of its builds: compiled when
// first needed (schemaValidation.ts) and compiled ahead of time into the bundles' folder
// (scripts/schemaValidatorCode.ts, run by esbuild.mjs). Every error, with the failing schema
// and data (verbose); unknown keywords allowed (the schema carries editor hints). Without ajv's
// code optimisation passes the schema compiles in about half the time and validates as fast
// (a 300-KPI file: 0.60 ms vs 0.72 ms), with the same errors.
export const VALIDATOR_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: false,
  code: { optimize: false },
} as const;
