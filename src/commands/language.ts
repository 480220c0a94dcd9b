/**
 * Picks the reader's language: their Slack locale (users.info, cached in Redis for a day),
 * else the configured default.
 */
import type { WebClient } from '@slack/web-api';
import type { SanadStore } from '../store/redisStore.ts';
import { type Lang, langFromLocale } from '../views/format.ts';

export interface LanguageOptions {
  /**
   * Never call Slack: the cached locale, else the default. For the ack path — a modal's
   * field errors go in the ack, and users.info can wait out a 429's Retry-After (Bolt's
   * client does) far past Slack's 3 s.
   */
  cachedOnly?: boolean;
}

export type LanguageResolver = (
  userId: string,
  client: WebClient,
  options?: LanguageOptions,
) => Promise<Lang>;

export function createLanguageResolver(store: SanadStore, fallback: Lang): LanguageResolver {
  return async (userId, client, options = {}) => {
    let locale = await store.cachedLocale(userId);
    if (!locale && !options.cachedOnly) {
      try {
        const info = await client.users.info({ user: userId, include_locale: true });
        locale = info.user?.locale ?? '';
        await store.cacheLocale(userId, locale);
      } catch {
        locale = '';
      }
    }
    return langFromLocale(locale ?? '', fallback);
  };
}
