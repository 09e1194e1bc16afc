// The run's date in a time zone (src/core/testing/freshness.ts dateInZone, runDate): UTC's
// quick path and the zoned one give the same calendar date, at the day's edges too, whatever
// the machine's own zone.
import { strict as assert } from 'assert';
import { dateInZone, runDate } from '../../../src/core/testing/freshness';

describe('the run date in a time zone (dateInZone)', () => {
  it("UTC: the instant's UTC date, the same as through the zone data", () => {
    for (const iso of [
      '2026-12-02T00:00:00Z',
      '2026-12-02T23:59:59.999Z',
      '2024-02-29T12:00:00Z',
      '0099-07-01T00:00:00Z',
    ]) {
      const instant = new Date(iso);
      assert.equal(dateInZone(instant, 'UTC'), iso.slice(0, 10));
      assert.equal(dateInZone(instant, 'Etc/UTC'), iso.slice(0, 10), `${iso} through the zone data`);
    }
  });

  it('another zone: its own calendar date on either side of midnight', () => {
    // 23:30 UTC on Dec 1 is 00:30 on Dec 2 in Paris (UTC+1 in winter) and 18:30 on Dec 1 in New York.
    const instant = new Date('2026-12-01T23:30:00Z');
    assert.equal(dateInZone(instant, 'Europe/Paris'), '2026-12-02');
    assert.equal(dateInZone(instant, 'America/New_York'), '2026-12-01');
    assert.equal(dateInZone(instant, 'UTC'), '2026-12-01');
  });

  it('runDate: a date as given, an instant in the file zone, else the clock there', () => {
    assert.equal(runDate('2026-03-13', 'Asia/Tokyo'), '2026-03-13');
    assert.equal(runDate('2026-03-13T20:00:00Z', 'Asia/Tokyo'), '2026-03-14');
    assert.equal(runDate('2026-03-13T20:00:00Z', undefined), '2026-03-13');
    assert.equal(
      runDate(undefined, undefined, () => new Date('2026-12-02T23:59:00Z')),
      '2026-12-02',
    );
  });
});
