// ajv reports a value that fits no branch of an `anyOf` with every branch's errors plus a
// generic "must match a schema in anyOf". Where the value's kind (a list or a single value)
// picks one branch (`compare: year_agoo` → the single-value branch, `compare: [previous,
// yearago]` → the list branch), only that branch's errors are kept, worded as usual.
import type { ErrorObject } from 'ajv';

type Branch = { type?: unknown; enum?: unknown };

/** Whether a branch describes lists, single values, or cannot tell. */
function branchKind(branch: Branch): 'list' | 'single' | undefined {
  const types = Array.isArray(branch.type) ? branch.type : branch.type !== undefined ? [branch.type] : [];
  if (types.length === 1 && types[0] === 'array') return 'list';
  if (types.length > 0 && !types.includes('array')) return 'single';
  if (branch.type === undefined && Array.isArray(branch.enum)) return 'single';
  return undefined;
}

export function narrowAnyOfErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let out = [...errors];
  for (const err of errors) {
    if (err.keyword !== 'anyOf' || !Array.isArray(err.schema)) continue;
    const kind = Array.isArray(err.data) ? 'list' : 'single';
    const kinds = (err.schema as Branch[]).map(branchKind);
    const chosen = kinds.indexOf(kind);
    if (chosen < 0 || kinds.lastIndexOf(kind) !== chosen || kinds.includes(undefined)) continue;
    const prefix = `${err.schemaPath}/`;
    const at = (e: ErrorObject) =>
      e.instancePath === err.instancePath || e.instancePath.startsWith(`${err.instancePath}/`);
    const otherBranch = (e: ErrorObject) =>
      at(e) && e.schemaPath.startsWith(prefix) && !e.schemaPath.startsWith(`${prefix}${chosen}/`);
    out = out.filter((e) => e !== err && !otherBranch(e));
  }
  return out;
}
