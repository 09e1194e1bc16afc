// The one folder `kpilens mcp` serves: the folder it was started in. Every path a tool is given
// is resolved against it and refused unless its real path (links followed) lies inside it and
// names an existing *.kpi.yaml / *.kpi.yml file; the KPI files' data root is that folder too
// (data/dataRoot.ts's rule with the folder as workspace folder), so their data files must lie
// inside it as well.
import * as fs from 'fs';
import * as path from 'path';
import { isInside } from '../core/data/dataRoot';
import * as l10n from '../core/l10n/l10n';
import { isKpiFileName } from '../core/kpifile/kpiFileName';
import { displayPath, findKpiFiles } from '../cli/findKpiFiles';

/** A request the server refuses (a path outside the folder, not a KPI file, absent; an unknown KPI or test; a bad date): told to the client as a tool error. */
export class Refusal extends Error {}

export class McpWorkspace {
  readonly root: string;

  constructor(root: string) {
    this.root = fs.realpathSync(path.resolve(root));
  }

  /** The absolute real path of a KPI file named relative to the folder (or absolute inside it). */
  kpiFile(arg: string): string {
    const abs = path.resolve(this.root, arg);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      if (!isInside(abs, this.root))
        throw new Refusal(
          l10n.t('{0} is outside the folder this server was started in ({1}): refused', arg, this.root),
        );
      throw new Refusal(l10n.t('no such file: {0}', arg));
    }
    if (!isInside(real, this.root))
      throw new Refusal(l10n.t('{0} is outside the folder this server was started in ({1}): refused', arg, this.root));
    if (!isKpiFileName(real) || !fs.statSync(real).isFile())
      throw new Refusal(l10n.t('{0} is not a KPI file (*.kpi.yaml, *.kpi.yml)', arg));
    return real;
  }

  /** Every KPI file under the folder (not under node_modules, .git, out, dist), in a stable order. */
  async kpiFiles(): Promise<string[]> {
    const found = await findKpiFiles(this.root, []);
    return found.filter((f) => {
      try {
        return isInside(fs.realpathSync(f), this.root);
      } catch {
        return false;
      }
    });
  }

  /** How a file is named in answers: relative to the folder, with `/`. */
  show(file: string): string {
    return displayPath(this.root, file);
  }
}
