/** Bolt's Logger interface over pino, so Bolt's own messages get the same secret scrubbing. */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  let name = 'bolt';
  const child = () => logger.child({ component: name });
  return {
    debug: (...msg: unknown[]) => child().debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child().info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child().warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child().error(msg.map(String).join(' ')),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  };
}
