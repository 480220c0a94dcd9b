import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import { SLA_TARGETS } from '../../src/domain/index.ts';

const httpEnv = {
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_SIGNING_SECRET: 'shhh-secret',
  REDIS_URL: 'redis://127.0.0.1:6379',
  TRIAGE_CHANNEL_ID: 'CTRIAGE',
  OPS_CHANNEL_ID: 'COPS',
  FOUNDER_USER_IDS: 'UFOUNDER',
};

function policyFile(content: string, ext = 'yaml'): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-config-'));
  const path = join(dir, `policy.${ext}`);
  writeFileSync(path, content);
  return path;
}

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('defaults the policy to SPEC §1: SLA targets, Arabic, Asia/Riyadh', () => {
    const config = loadConfig(httpEnv);
    expect(config.mode).toBe('http');
    expect(config.policy.sla).toEqual(SLA_TARGETS);
    expect(config.policy.language).toBe('ar');
    expect(config.policy.timezone).toBe('Asia/Riyadh');
    expect(config.port).toBe(3000);
    expect(config.policy.people.founders).toEqual(['UFOUNDER']);
  });

  it('runs offline when no Slack token is set', () => {
    expect(loadConfig({}).mode).toBe('offline');
  });

  it('selects Socket Mode when SLACK_APP_TOKEN is set', () => {
    const config = loadConfig({
      ...httpEnv,
      SLACK_SIGNING_SECRET: '',
      SLACK_APP_TOKEN: 'xapp-1-abc',
    });
    expect(config.mode).toBe('socket');
  });

  it('names the missing setting', () => {
    expect(configError(() => loadConfig({ ...httpEnv, SLACK_SIGNING_SECRET: '' })).setting).toBe(
      'SLACK_SIGNING_SECRET',
    );
    expect(configError(() => loadConfig({ ...httpEnv, TRIAGE_CHANNEL_ID: '' })).setting).toBe(
      'TRIAGE_CHANNEL_ID',
    );
    expect(configError(() => loadConfig({ ...httpEnv, SLACK_BOT_TOKEN: '' })).setting).toBe(
      'SLACK_BOT_TOKEN',
    );
  });

  it('names the bad setting', () => {
    expect(configError(() => loadConfig({ ...httpEnv, PORT: 'eighty' })).setting).toBe('PORT');
    expect(configError(() => loadConfig({ ...httpEnv, FOUNDER_USER_IDS: 'bob' })).message).toMatch(
      /FOUNDER_USER_IDS: "bob" is not a Slack user id/,
    );
    expect(configError(() => loadConfig({ ...httpEnv, REDIS_URL: 'localhost:6379' })).setting).toBe(
      'REDIS_URL',
    );
  });

  it('refuses a REDIS_URL the Redis client cannot parse, without printing its password', () => {
    // A password with an unencoded "#", "/" or "?" makes the URL parser give up.
    for (const password of ['s3cr#t-pw', 's3cr/t-pw', 's3cr?t-pw']) {
      const error = configError(() =>
        loadConfig({ ...httpEnv, REDIS_URL: `redis://sanad:${password}@redis.internal:6379` }),
      );
      expect(error.setting).toBe('REDIS_URL');
      expect(error.message).toMatch(/^REDIS_URL: is not a valid URL \(percent-encode/);
      expect(error.message).not.toContain('s3cr');
    }
    expect(configError(() => loadConfig({ ...httpEnv, REDIS_URL: 'redis://' })).message).toBe(
      'REDIS_URL: names no host',
    );
    // The same password percent-encoded is accepted as given.
    const encoded = 'redis://sanad:s3cr%23t-pw@redis.internal:6379/0';
    expect(loadConfig({ ...httpEnv, REDIS_URL: encoded }).redisUrl).toBe(encoded);
  });

  it('refuses a LOG_LEVEL the logger does not know, listing the ones it does', () => {
    const error = configError(() => loadConfig({ ...httpEnv, LOG_LEVEL: 'verbose' }));
    expect(error.setting).toBe('LOG_LEVEL');
    expect(error.message).toContain('debug, info, warn');
    expect(loadConfig({ ...httpEnv, LOG_LEVEL: 'silent' }).logLevel).toBe('silent');
  });

  it('refuses a customer-success cron pattern the scheduler cannot use, naming the key', () => {
    for (const pattern of ['99 99 * * *', '0 10 31 2 *']) {
      const path = policyFile(JSON.stringify({ customerSuccess: { atRiskScan: pattern } }), 'json');
      expect(configError(() => loadConfig({ ...httpEnv, SANAD_CONFIG: path })).message).toMatch(
        /^SANAD_CONFIG customerSuccess\.atRiskScan: is not a valid cron pattern/,
      );
    }
    const ok = policyFile(
      JSON.stringify({ customerSuccess: { weeklyCheckIn: '30 8 * * 1-5' } }),
      'json',
    );
    expect(loadConfig({ ...httpEnv, SANAD_CONFIG: ok }).policy.customerSuccess.weeklyCheckIn).toBe(
      '30 8 * * 1-5',
    );
  });

  it('checks business hours as the SLA clock does: the bad key is named at start-up', () => {
    const calendar = {
      timeZone: 'Asia/Riyadh',
      days: [7, 1, 2, 3, 4],
      start: '09:00',
      end: '17:00',
    };
    const withP3 = (p3: Record<string, unknown>) =>
      policyFile(JSON.stringify({ businessHours: { P3: { ...calendar, ...p3 } } }), 'json');
    const refused = (p3: Record<string, unknown>) =>
      configError(() => loadConfig({ ...httpEnv, SANAD_CONFIG: withP3(p3) })).message;
    expect(refused({ timeZone: 'Asia/Riyad' })).toMatch(
      /^SANAD_CONFIG businessHours\.P3\.timeZone: .*"Asia\/Riyad"/,
    );
    expect(refused({ end: '08:00' })).toMatch(
      /^SANAD_CONFIG businessHours\.P3\.end: .*later than start \(09:00\)/,
    );
    expect(refused({ holidays: ['2026-02-30'] })).toMatch(
      /^SANAD_CONFIG businessHours\.P3\.holidays: .*"2026-02-30"/,
    );
    // A day that ends at midnight is one the clock accepts.
    const midnight = loadConfig({ ...httpEnv, SANAD_CONFIG: withP3({ end: '24:00' }) });
    expect(midnight.policy.businessHours.P3?.end).toBe('24:00');
  });

  it('reads a YAML policy file, merging partial SLA targets over the defaults', () => {
    const path = policyFile(
      [
        'language: en',
        'sla:',
        '  P0: { firstResponseMinutes: 0.05, resolutionTargetHours: 0.01 }',
        'keywords:',
        '  P1: ["بوابة الدفع متوقفة"]',
        'people:',
        '  approvers: [UAPPROVER]',
      ].join('\n'),
    );
    const config = loadConfig({ ...httpEnv, SANAD_CONFIG: path });
    expect(config.policy.language).toBe('en');
    expect(config.policy.sla.P0).toEqual({
      firstResponseMinutes: 0.05,
      resolutionTargetHours: 0.01,
    });
    expect(config.policy.sla.P3).toEqual(SLA_TARGETS.P3);
    expect(config.policy.keywords.P1).toEqual(['بوابة الدفع متوقفة']);
    expect(config.policy.people.approvers).toEqual(['UAPPROVER']);
  });

  it('lets environment ids override the file', () => {
    const path = policyFile(JSON.stringify({ people: { founders: ['UFILE'] } }), 'json');
    const config = loadConfig({ ...httpEnv, SANAD_CONFIG: path, FOUNDER_USER_IDS: 'UENV1,UENV2' });
    expect(config.policy.people.founders).toEqual(['UENV1', 'UENV2']);
  });

  it('rejects a bad policy file with the path of the bad key', () => {
    const negative = policyFile(
      'sla:\n  P1: { firstResponseMinutes: -5, resolutionTargetHours: 24 }\n',
    );
    expect(configError(() => loadConfig({ ...httpEnv, SANAD_CONFIG: negative })).setting).toBe(
      'SANAD_CONFIG sla.P1.firstResponseMinutes',
    );
    const unknownKey = policyFile('languag: ar\n');
    expect(configError(() => loadConfig({ ...httpEnv, SANAD_CONFIG: unknownKey })).message).toMatch(
      /SANAD_CONFIG/,
    );
    const badZone = policyFile('timezone: Mars/Olympus\n');
    expect(configError(() => loadConfig({ ...httpEnv, SANAD_CONFIG: badZone })).setting).toBe(
      'SANAD_CONFIG timezone',
    );
    expect(
      configError(() => loadConfig({ ...httpEnv, SANAD_CONFIG: '/nonexistent/policy.yaml' }))
        .setting,
    ).toBe('SANAD_CONFIG');
  });
});
