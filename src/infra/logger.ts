/**
 * Structured logging with pino. Secrets never reach the log (SPEC §1.7 rule 7): known
 * secret-bearing keys are redacted by path, and every string that looks like a Slack
 * token, a bearer header or a redis password is masked wherever it appears.
 */
import { type Logger, pino } from 'pino';

const SECRET_PATTERNS: RegExp[] = [
  /\bxox[abprse]-[A-Za-z0-9-]+/g, // Slack bot/user/refresh tokens
  /\bxapp-[A-Za-z0-9-]+/g, // Slack app-level tokens
  /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi,
  /(rediss?:\/\/[^:@/\s]*:)[^@\s]+@/g, // redis://user:password@host
  /\bv0=[0-9a-f]{64}\b/g, // request signatures
];

export function scrubSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, prefix?: string) =>
      typeof prefix === 'string' && match.startsWith(prefix)
        ? `${prefix}[redacted]@`
        : '[redacted]',
    );
  }
  for (const secret of extraSecrets) {
    if (secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function scrubDeep(value: unknown, extraSecrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, extraSecrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubSecrets(value.message, extraSecrets),
      stack: value.stack ? scrubSecrets(value.stack, extraSecrets) : undefined,
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, extraSecrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, extraSecrets, depth + 1);
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Literal secret values (signing secret, tokens) to mask even if they match no pattern. */
  secrets?: readonly string[];
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => Boolean(s));
  return pino(
    {
      level: options.level ?? 'info',
      redact: {
        paths: [
          'token',
          'botToken',
          'appToken',
          'signingSecret',
          'password',
          'authorization',
          '*.token',
          '*.botToken',
          '*.appToken',
          '*.signingSecret',
          '*.password',
          '*.authorization',
          'headers.authorization',
          'req.headers.authorization',
          'req.headers["x-slack-signature"]',
        ],
        censor: '[redacted]',
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => scrubDeep(a, secrets)) as Parameters<typeof method>;
          method.apply(this, cleaned);
        },
      },
    },
    // biome-ignore lint/suspicious/noExplicitAny: pino accepts any writable stream
    (options.destination as any) ?? process.stdout,
  );
}

export type { Logger };
