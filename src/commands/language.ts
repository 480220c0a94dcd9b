/**
 * Picks the reader's language: their Slack locale (users.info, cached in Redis for a day),
 * else the configured default.
 */
import type { WebClient } from '@slack/web-api';
import type { SanadStore } from '../store/redisStore.ts';
import { type Lang, langFromLocale } from '../views/format.ts';

export type LanguageResolver = (userId: string, client: WebClient) => Promise<Lang>;

export function createLanguageResolver(store: SanadStore, fallback: Lang): LanguageResolver {
  return async (userId, client) => {
    let locale = await store.cachedLocale(userId);
    if (!locale) {
      try {
        const info = await client.users.info({ user: userId, include_locale: true });
        locale = info.user?.locale ?? '';
        await store.cacheLocale(userId, locale);
      } catch {
        locale = '';
      }
    }
    return langFromLocale(locale, fallback);
  };
}
