// `kpilens init`: writes the chosen template into a folder (created if needed), never
// replaces an existing file without --force, leaves no temporary file behind, and the
// loyalty pack it writes checks clean once its data files are there.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EMPTY_KPI_FILE, LOYALTY_PACK } from '../../../src/core/templates/kpiTemplates';
import { REPO_ROOT, runCli } from '../helpers';

const run = runCli;

describe('kpilens init', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-init-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the loyalty pack into a new folder and says which data files it reads', async () => {
    const r = await run(['init', 'shop'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(fs.readFileSync(path.join(dir, 'shop', 'loyalty.kpi.yaml'), 'utf8'), LOYALTY_PACK);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'shop')), ['loyalty.kpi.yaml']);
    assert.equal(
      r.out,
      'created shop/loyalty.kpi.yaml (the loyalty pack: revenue, NPS, CSAT, churn, retention, CAC, CLV…)\n' +
        'next: put your data in data/orders.csv, data/customers.csv, data/survey.csv, data/marketing_spend.csv (relative to shop), or edit the sources\n' +
        'then: kpilens check shop/loyalty.kpi.yaml && kpilens run shop/loyalty.kpi.yaml\n',
    );
  });

  it('the written loyalty pack checks clean on the sample data', async () => {
    assert.equal((await run(['init'], dir)).code, 0);
    fs.cpSync(path.join(REPO_ROOT, 'samples', 'data'), path.join(dir, 'data'), { recursive: true });
    const r = await run(['check', 'loyalty.kpi.yaml'], dir);
    assert.equal(r.out, '');
    assert.equal(r.code, 0);
  });

  it('never replaces an existing file without --force (exit 2); --force replaces it', async () => {
    const file = path.join(dir, 'kpis.kpi.yaml');
    fs.writeFileSync(file, 'mine\n');
    const refused = await run(['init', '--template', 'empty'], dir);
    assert.equal(refused.code, 2);
    assert.equal(refused.err, 'kpilens: kpis.kpi.yaml exists: use --force to replace it\n');
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine\n');
    const forced = await run(['init', '--template', 'empty', '--force'], dir);
    assert.equal(forced.code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), EMPTY_KPI_FILE);
    assert.deepEqual(fs.readdirSync(dir), ['kpis.kpi.yaml']);
  });

  it('an unknown template or a file given as the folder is wrong usage', async () => {
    assert.deepEqual(await run(['init', '--template', 'nps'], dir), {
      code: 2,
      out: '',
      err: "kpilens: unknown template 'nps': use loyalty or empty\n",
    });
    fs.writeFileSync(path.join(dir, 'afile'), '');
    assert.deepEqual(await run(['init', 'afile'], dir), { code: 2, out: '', err: 'kpilens: afile is not a folder\n' });
  });
});
