/**
 * How listeners answer a person privately: refusals and bad input in the reader's
 * language, an ephemeral where they are (else a DM), and a calm message for the unexpected.
 * Shared by every feature's listeners.
 */
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { DomainError, IncidentRefusal, OnboardingRefusal, TicketRefusal } from '../domain/index.ts';
import { escapeText, type Lang, pick } from '../views/format.ts';
import type { LanguageResolver } from './language.ts';

/** The message shown for a refusal or bad input; null for an unexpected error. A refusal may
 *  quote user text (an incident title in a freeze's reason), so it is escaped — all but the
 *  user mentions some refusals make themselves ("already approved by <@U…>"). */
export function refusalText(error: unknown, lang: Lang): string | null {
  if (
    error instanceof TicketRefusal ||
    error instanceof IncidentRefusal ||
    error instanceof OnboardingRefusal
  ) {
    const text = escapeText(pick(lang, error.messageAr, error.messageEn));
    return `⛔ ${text.replace(/&lt;@([UW][A-Z0-9]+)&gt;/g, '<@$1>')}`;
  }
  if (error instanceof DomainError) return `⛔ ${escapeText(error.message)}`;
  return null;
}

/** The refusal of a command that is the Sanad team's. */
export function teamOnlyText(lang: Lang, command: string): string {
  return pick(
    lang,
    `⛔ \`${command}\` متاح لفريق سند فقط (المؤسسون والمعتمدون والمناوبون).`,
    `⛔ \`${command}\` is only for the Sanad team (founders, approvers and on-call).`,
  );
}

/** Why a list of internal ids is not shown in a customer's channel, even as an ephemeral
 *  (rule 2), and where to ask for it instead. */
export function notInCustomerChannelText(
  lang: Lang,
  command: string,
  names: { list: { ar: string; en: string }; internal: { ar: string; en: string } },
): string {
  return pick(
    lang,
    `⛔ قائمة ${names.list.ar} لا تُعرض في قناة عميل. استخدم \`${command}\` في قناة داخلية (مثل ${names.internal.ar}) أو في رسالتك المباشرة مع سند.`,
    `⛔ The ${names.list.en} list is not shown in a customer channel. Use \`${command}\` in an internal channel (such as ${names.internal.en}) or in your DM with Sanad.`,
  );
}

/** Tells a user something privately: an ephemeral where they are, else a DM. */
export async function tellUser(
  client: WebClient,
  channelId: string | undefined,
  userId: string,
  text: string,
): Promise<void> {
  if (channelId) {
    try {
      await client.chat.postEphemeral({ channel: channelId, user: userId, text });
      return;
    } catch {
      // Not in that channel (e.g. a modal opened elsewhere): fall back to a DM.
    }
  }
  await client.chat.postMessage({ channel: userId, text });
}

/** What a user is told when something failed that they can do nothing about but retry. */
export function temporaryFailureText(lang: Lang): string {
  return pick(
    lang,
    '⚠️ حدث خطأ مؤقت ولم يضع شيء. حاول مرة أخرى بعد قليل.',
    '⚠️ Something went wrong for a moment; nothing was lost. Please try again shortly.',
  );
}

/** The phrases a draft guard refused, quoted and escaped for a message to the editor. */
export function quotedPhrases(violations: ReadonlyArray<{ phrase: string }>): string {
  return violations.map((v) => `«${escapeText(v.phrase)}»`).join('، ');
}

/** private_metadata / button values we wrote ourselves; anything unreadable is empty. */
export function safeJson<T>(raw: string | undefined): T {
  try {
    return JSON.parse(raw || '{}') as T;
  } catch {
    return {} as T;
  }
}

export type FailureHandler = (
  error: unknown,
  client: WebClient,
  channelId: string | undefined,
  userId: string,
) => Promise<void>;

/**
 * A refusal becomes a clear private message; anything else is logged and the person is
 * told that nothing was lost and to try again.
 */
export function createFailureHandler(
  languageOf: LanguageResolver,
  logger: Logger,
  what: string,
  describe: (error: unknown, lang: Lang) => string | null = refusalText,
): FailureHandler {
  return async (error, client, channelId, userId) => {
    const lang = await languageOf(userId, client);
    const text = describe(error, lang);
    if (text) {
      await tellUser(client, channelId, userId, text).catch(() => undefined);
      return;
    }
    logger.error({ err: error }, `${what} listener failed`);
    await tellUser(client, channelId, userId, temporaryFailureText(lang)).catch(() => undefined);
  };
}
