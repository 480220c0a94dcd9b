import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/infra/logger.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, destination };
}

describe('logging never leaks secrets', () => {
  it('masks Slack tokens, bearer headers and redis passwords in any string', () => {
    const text =
      'token xoxb-123-456-abcdef and xapp-1-A0-xyz, Authorization: Bearer abc.def, redis://:hunter2@db:6379';
    const out = scrubSecrets(text);
    expect(out).not.toMatch(/xoxb-123|xapp-1-A0|abc\.def|hunter2/);
  });

  it('redacts secret fields and literal secrets in structured logs', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ secrets: ['my-signing-secret-value'], destination });
    logger.info(
      { signingSecret: 'my-signing-secret-value', config: { botToken: 'xoxb-1-2-3' } },
      'started with my-signing-secret-value',
    );
    logger.error({ err: new Error('call failed with token xoxb-9-9-9') }, 'boom');
    const all = lines.join('\n');
    expect(all).not.toContain('my-signing-secret-value');
    expect(all).not.toContain('xoxb-1-2-3');
    expect(all).not.toContain('xoxb-9-9-9');
    expect(all).toContain('[redacted]');
  });
});
