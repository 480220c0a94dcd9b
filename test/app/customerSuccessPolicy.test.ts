import { describe, expect, it } from 'vitest';
import { ConfigError, parsePolicy } from '../../src/config/index.ts';

describe('policy: customerSuccess', () => {
  it('defaults to a real day, Sunday 10:00 check-ins and a daily 09:00 at-risk scan', () => {
    expect(parsePolicy({}).customerSuccess).toEqual({
      dayMs: 86_400_000,
      weeklyCheckIn: '0 10 * * 0',
      atRiskScan: '0 9 * * *',
    });
  });

  it('lets a trial shorten the day and keeps the other defaults', () => {
    expect(parsePolicy({ customerSuccess: { dayMs: 500 } }).customerSuccess).toEqual({
      dayMs: 500,
      weeklyCheckIn: '0 10 * * 0',
      atRiskScan: '0 9 * * *',
    });
  });

  it('names a bad setting', () => {
    expect(() => parsePolicy({ customerSuccess: { dayMs: 0 } })).toThrow(ConfigError);
    expect(() => parsePolicy({ customerSuccess: { weeklyCheckIn: 'sunday' } })).toThrow(
      /customerSuccess\.weeklyCheckIn/,
    );
    expect(() => parsePolicy({ customerSuccess: { hourly: true } })).toThrow(/customerSuccess/);
  });
});
