// The score segment tests' fixture (scoreSegments.test.ts works its customers' scores out by
// hand): the folder test/fixtures/scores, and a count KPI on its orders sliced by RFM group
// and tenure.
import * as path from 'path';
import { FIXTURES } from '../helpers';

export const DIR = path.join(FIXTURES, 'scores');

export const ORDERS = [
  '  orders_count:',
  '    type: count',
  '    source: orders',
  '    period: monthly',
  '    segments: [rfm_group, tenure]',
];
