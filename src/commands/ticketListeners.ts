/**
 * Slack listeners for tickets. Each is thin: ack() first (Slack allows 3 s), parse the
 * payload into a domain input, call the service, answer with a view builder. Slow Slack
 * writes go through the outbox. Refusals become an ephemeral message in the user's language.
 */
import type {
  BlockAction,
  ButtonAction,
  MessageShortcut,
  StaticSelectAction,
  ViewOutput,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import {
  DomainError,
  decodeEntities,
  draftChangedSince,
  isPriorityId,
  TicketRefusal,
} from '../domain/index.ts';
import type { SlaScheduler } from '../jobs/slaReminders.ts';
import { isTeamMember } from '../services/context.ts';
import type { TicketService } from '../services/ticketService.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { type Lang, pick } from '../views/format.ts';
import { ACTION, BLOCK, CALLBACK, parseDraftButtonValue } from '../views/ids.ts';
import {
  buildAnsweredQuestion,
  buildDraftEditModal,
  buildHelpText,
  buildIntakeModal,
  buildTicketList,
} from '../views/ticketViews.ts';
import type { LanguageResolver } from './language.ts';
import {
  createFailureHandler,
  notInCustomerChannelText,
  quotedPhrases,
  safeJson,
  teamOnlyText,
  tellUser,
} from './replies.ts';
import type { ListenerRegistry } from './router.ts';

export interface TicketListenerDeps {
  tickets: TicketService;
  scheduler: SlaScheduler;
  store: SanadStore;
  policy: Policy;
  now: () => number;
  logger: Logger;
  languageOf: LanguageResolver;
}

const MAX_TICKET_TEXT = 4000;

export function registerTicketListeners(app: ListenerRegistry, deps: TicketListenerDeps): void {
  const { tickets, store, logger, languageOf } = deps;

  const handleFailure = createFailureHandler(languageOf, logger, 'ticket');

  // /ticket ----------------------------------------------------------------------------
  app.command('/ticket', async ({ ack, command, client, respond }) => {
    await ack();
    const userId = command.user_id;
    const lang = await languageOf(userId, client);
    // Slack sends the text with & < > escaped; the ticket keeps it as the person typed it.
    const text = decodeEntities(command.text).trim();
    const sub = text.toLowerCase();
    try {
      if (text === '') {
        const customers = await store.listCustomers();
        const mapped = await store.customerForChannel(command.channel_id);
        await client.views.open({
          trigger_id: command.trigger_id,
          view: buildIntakeModal({
            lang,
            customers,
            initialCustomerId: mapped?.id,
            privateMetadata: JSON.stringify({ channelId: command.channel_id }),
          }),
        });
        return;
      }
      if (sub === 'help') {
        await respond({ response_type: 'ephemeral', text: buildHelpText(lang) });
        return;
      }
      if (sub === 'list' || sub === 'report') {
        // The list shows every customer's tickets with their internal ids, and a critical
        // report freezes live actions workspace-wide: both are for the team only.
        if (!isTeamMember(deps.policy, userId)) {
          await respond({ response_type: 'ephemeral', text: teamOnlyText(lang, `/ticket ${sub}`) });
          return;
        }
        // Rule 2: no internal ids in a customer-facing channel, even in an ephemeral.
        if (sub === 'list' && (await store.customerForChannel(command.channel_id))) {
          await respond({
            response_type: 'ephemeral',
            text: notInCustomerChannelText(lang, '/ticket list', {
              list: { ar: 'التذاكر', en: 'ticket' },
              internal: { ar: 'قناة الفرز', en: 'triage' },
            }),
          });
          return;
        }
      }
      if (sub === 'report') {
        await deps.scheduler.requestWeeklyReview(userId);
        await respond({
          response_type: 'ephemeral',
          text: pick(
            lang,
            '📊 جارٍ إعداد تقرير صحة الاتفاقية لآخر 7 أيام في قناة العمليات.',
            '📊 Preparing the SLA health report for the last 7 days in the ops channel.',
          ),
        });
        return;
      }
      if (sub === 'list') {
        const { tickets: open, total } = await tickets.openTickets(50);
        const view = buildTicketList({
          items: open.map((t) => ({ ticket: t, due: tickets.dueTimes(t) })),
          total,
          nowMs: deps.now(),
          lang,
        });
        await respond({ response_type: 'ephemeral', text: view.text, blocks: view.blocks });
        return;
      }
      if (text.length > MAX_TICKET_TEXT) {
        await respond({
          response_type: 'ephemeral',
          text: pick(
            lang,
            `⛔ النص طويل جداً (${text.length} حرفاً، الحد ${MAX_TICKET_TEXT}). استخدم \`/ticket\` وحده لفتح النموذج.`,
            `⛔ The text is too long (${text.length} characters, limit ${MAX_TICKET_TEXT}). Use \`/ticket\` alone to open the form.`,
          ),
        });
        return;
      }
      // A retried delivery of the same command carries the same trigger_id.
      if (!(await store.claimOnce(`cmd:${command.trigger_id}`))) return;
      const customer = await store.customerForChannel(command.channel_id);
      const result = await tickets.create({
        text,
        userId,
        customer,
        source: { kind: 'slash_command', userId, channelId: command.channel_id },
      });
      const t = result.ticket;
      // Rule 2: no internal id in a customer-facing channel, even in an ephemeral.
      const where = customer ? '' : ` ${t.id}`;
      await respond({
        response_type: 'ephemeral',
        text: pick(
          lang,
          `✅ أُنشئت التذكرة${where} بأولوية *${t.priority}* وأُرسلت إلى قناة الفرز. لن يصل أي رد للعميل قبل الموافقة.`,
          `✅ Ticket${where} created as *${t.priority}* and sent to triage. No reply reaches the customer before approval.`,
        ),
      });
    } catch (error) {
      await handleFailure(error, client, command.channel_id, userId);
    }
  });

  // Intake modal ------------------------------------------------------------------------
  app.view(CALLBACK.ticketIntakeModal, async ({ ack, view, body, client }) => {
    const { text, email, customerId } = readTicketForm(view);
    const userId = body.user.id;
    if (text === '') {
      // Before the ack: no Slack call (see LanguageOptions.cachedOnly).
      const ackLang = await languageOf(userId, client, { cachedOnly: true });
      await ack({ response_action: 'errors', errors: emptyTicketTextError(ackLang) });
      return;
    }
    await ack();
    const lang = await languageOf(userId, client);
    const meta = safeJson<{ channelId?: string }>(view.private_metadata);
    try {
      // A double submit of the same modal carries the same view id.
      if (!(await store.claimOnce(`view:${view.id}`))) return;
      const customer = customerId ? await store.getCustomer(customerId) : null;
      const result = await tickets.create({
        text,
        userId,
        customer,
        contactEmail: email,
        source: { kind: 'intake_modal', userId, channelId: meta.channelId },
      });
      await tellUser(
        client,
        customer ? undefined : meta.channelId,
        userId,
        pick(
          lang,
          `✅ أُنشئت التذكرة ${result.ticket.id} بأولوية *${result.ticket.priority}*.`,
          `✅ Ticket ${result.ticket.id} created as *${result.ticket.priority}*.`,
        ),
      );
    } catch (error) {
      await handleFailure(error, client, meta.channelId, userId);
    }
  });

  // Message shortcut: Create ticket -----------------------------------------------------
  app.shortcut<MessageShortcut>(
    { callback_id: CALLBACK.ticketShortcut, type: 'message_action' },
    async ({ ack, shortcut, client }) => {
      await ack();
      const userId = shortcut.user.id;
      const channelId = shortcut.channel.id;
      const message = shortcut.message as {
        ts: string;
        text?: string;
        thread_ts?: string;
        reply_count?: number;
        user?: string;
      };
      const lang = await languageOf(userId, client);
      // Slack sends message text with & < > escaped; the form shows it as the customer wrote
      // it (a plain-text input shows entities as typed), and the card escapes it once.
      const messageText = decodeEntities(message.text ?? '');
      try {
        const existingId = await store.ticketIdForSource(channelId, message.ts);
        if (existingId) {
          await tellExisting(client, deps, channelId, userId, existingId, lang);
          return;
        }
        const customer = await store.customerForChannel(channelId);
        const customers = await store.listCustomers();
        const meta = {
          channelId,
          messageTs: message.ts,
          threadTs: message.thread_ts ?? message.ts,
          // The customer who wrote it: may answer the resolution question (rule 4).
          authorId: message.user,
        };
        // Open at once (the trigger expires in 3 s); add the thread's replies after.
        const opened = await client.views.open({
          trigger_id: shortcut.trigger_id,
          view: buildIntakeModal({
            lang,
            customers,
            initialText: messageText,
            initialCustomerId: customer?.id,
            callbackId: CALLBACK.ticketShortcutModal,
            privateMetadata: JSON.stringify(meta),
          }),
        });
        const isThreadParent = !message.thread_ts || message.thread_ts === message.ts;
        if (isThreadParent && (message.reply_count ?? 0) > 0 && opened.view?.id) {
          const replies = await client.conversations.replies({
            channel: channelId,
            ts: message.ts,
            limit: 50,
          });
          const texts = (replies.messages ?? [])
            .filter((m) => m.ts !== message.ts && m.text)
            .map((m) => decodeEntities(m.text as string));
          if (texts.length > 0) {
            await client.views.update({
              view_id: opened.view.id,
              hash: opened.view.hash,
              view: buildIntakeModal({
                lang,
                customers,
                initialText: [messageText, ...texts].join('\n---\n'),
                initialCustomerId: customer?.id,
                callbackId: CALLBACK.ticketShortcutModal,
                privateMetadata: JSON.stringify(meta),
              }),
            });
          }
        }
      } catch (error) {
        await handleFailure(error, client, channelId, userId);
      }
    },
  );

  app.view(CALLBACK.ticketShortcutModal, async ({ ack, view, body, client }) => {
    const { text, email, customerId } = readTicketForm(view);
    const userId = body.user.id;
    if (text === '') {
      // Before the ack: no Slack call (see LanguageOptions.cachedOnly).
      const ackLang = await languageOf(userId, client, { cachedOnly: true });
      await ack({ response_action: 'errors', errors: emptyTicketTextError(ackLang) });
      return;
    }
    await ack();
    const lang = await languageOf(userId, client);
    const meta = safeJson<{
      channelId: string;
      messageTs: string;
      threadTs: string;
      authorId?: string;
    }>(view.private_metadata);
    try {
      const customer = customerId ? await store.getCustomer(customerId) : null;
      let permalink: string | undefined;
      try {
        const link = await client.chat.getPermalink({
          channel: meta.channelId,
          message_ts: meta.messageTs,
        });
        permalink = link.permalink;
      } catch (error) {
        logger.warn({ err: error }, 'could not fetch the source permalink');
      }
      const result = await tickets.create({
        text,
        userId,
        customer,
        contactEmail: email,
        source: {
          kind: 'message_shortcut',
          userId,
          authorId: meta.authorId,
          channelId: meta.channelId,
          messageTs: meta.messageTs,
          threadTs: meta.threadTs,
          permalink,
        },
        replyTarget: { kind: 'slack', channelId: meta.channelId, threadTs: meta.threadTs },
      });
      if (!result.created) {
        await tellExisting(client, deps, meta.channelId, userId, result.ticket.id, lang);
        return;
      }
      await tellUser(
        client,
        meta.channelId,
        userId,
        pick(
          lang,
          `✅ أُنشئت تذكرة من هذه الرسالة بأولوية *${result.ticket.priority}* وأُرسلت إلى قناة الفرز.`,
          `✅ A ticket was created from this message as *${result.ticket.priority}* and sent to triage.`,
        ),
      );
    } catch (error) {
      await handleFailure(error, client, meta.channelId, userId);
    }
  });

  // Card buttons ------------------------------------------------------------------------
  function onCardButton(
    actionId: string,
    run: (value: string, userId: string, body: BlockAction, client: WebClient) => Promise<void>,
  ) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      try {
        await run(action.value ?? '', userId, body, client);
      } catch (error) {
        await handleFailure(error, client, body.channel?.id, userId);
      }
    });
  }

  // Approve and Reject act on the draft the pressed message showed (its value says which).
  onCardButton(ACTION.approve, async (value, userId) => {
    const { ticketId, seq } = parseDraftButtonValue(value);
    await tickets.approve(ticketId, seq, userId);
  });
  onCardButton(ACTION.reject, async (value, userId) => {
    const { ticketId, seq } = parseDraftButtonValue(value);
    await tickets.reject(ticketId, seq, userId);
  });
  onCardButton(ACTION.assignToMe, async (ticketId, userId) => {
    await tickets.assignToMe(ticketId, userId);
  });
  onCardButton(ACTION.resolve, async (ticketId, userId) => {
    await tickets.requestResolution(ticketId, userId);
  });
  onCardButton(ACTION.markSent, async (ticketId, userId) => {
    await tickets.markSent(ticketId, userId);
  });
  onCardButton(ACTION.recordConfirmation, async (ticketId, userId) => {
    await tickets.recordOperatorConfirmation(ticketId, userId);
  });
  onCardButton(ACTION.pause, async (ticketId, userId) => {
    await tickets.pause(ticketId, userId);
  });
  onCardButton(ACTION.resume, async (ticketId, userId) => {
    await tickets.resume(ticketId, userId);
  });
  // The modal shows the latest draft in full and remembers its seq, whatever the pressed
  // message showed.
  onCardButton(ACTION.edit, async (value, userId, body, client) => {
    const ticket = await tickets.get(parseDraftButtonValue(value).ticketId);
    if (!ticket)
      throw new TicketRefusal('ticket_resolved', 'التذكرة غير موجودة.', 'Ticket not found.');
    const lang = await languageOf(userId, client);
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildDraftEditModal({ ticket, lang }),
    });
  });

  app.action<BlockAction<StaticSelectAction>>(
    ACTION.raisePriority,
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      try {
        const [ticketId = '', to = ''] = (action.selected_option?.value ?? '').split('|');
        if (!isPriorityId(to)) throw new DomainError('unknown_priority', `Unknown priority ${to}`);
        await tickets.raise(ticketId, to, userId);
      } catch (error) {
        await handleFailure(error, client, body.channel?.id, userId);
      }
    },
  );

  app.view(CALLBACK.draftEditModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    const text = view.state.values[BLOCK.draftText]?.[ACTION.draftText]?.value?.trim() ?? '';
    if (text === '') {
      await ack({
        response_action: 'errors',
        errors: {
          [BLOCK.draftText]: pick(
            ackLang,
            'الرد لا يمكن أن يكون فارغاً.',
            'The reply cannot be empty.',
          ),
        },
      });
      return;
    }
    const meta = safeJson<{ ticketId: string; seq?: number }>(view.private_metadata);
    // A field error can only be given in the ack: look before acking whether the draft
    // changed since the modal opened, so the editor keeps their text and can copy it. (The
    // domain checks again when saving; a change in between is refused with an ephemeral.)
    const current = await tickets.get(meta.ticketId);
    const changed = current && draftChangedSince(current, meta.seq, 'edit');
    if (changed) {
      await ack({
        response_action: 'errors',
        errors: { [BLOCK.draftText]: pick(ackLang, changed.messageAr, changed.messageEn) },
      });
      return;
    }
    await ack();
    const lang = await languageOf(userId, client);
    try {
      const ticket = await tickets.edit(meta.ticketId, meta.seq, text, userId);
      if (ticket.draft.violations.length > 0) {
        const list = quotedPhrases(ticket.draft.violations);
        await tellUser(
          client,
          ticket.card?.channelId,
          userId,
          pick(
            lang,
            `⚠️ حُفظ الرد، لكنه يحتوي على ادعاءات محظورة (${list}) ولا يمكن الموافقة عليه حتى يُعدّل.`,
            `⚠️ Saved, but the reply contains prohibited claims (${list}); it cannot be approved until edited.`,
          ),
        );
      }
    } catch (error) {
      await handleFailure(error, client, undefined, userId);
    }
  });

  // Customer-facing confirmation buttons (value is the opaque customer reference). Only the
  // customer's press counts (rule 4; who that is: isTicketCustomer in the domain); anyone
  // else gets an ephemeral and the question keeps its buttons. ---------------------------
  app.action<BlockAction<ButtonAction>>(
    ACTION.customerConfirm,
    async ({ ack, body, action, client }) => {
      await ack();
      await answerCustomer(true, body, action, client);
    },
  );
  app.action<BlockAction<ButtonAction>>(
    ACTION.customerNotResolved,
    async ({ ack, body, action, client }) => {
      await ack();
      await answerCustomer(false, body, action, client);
    },
  );

  async function answerCustomer(
    resolved: boolean,
    body: BlockAction,
    action: ButtonAction,
    client: WebClient,
  ): Promise<void> {
    const userId = body.user.id;
    try {
      const ticket = await store.ticketByCustomerRef(action.value ?? '');
      if (ticket?.status !== 'awaiting_confirmation') return;
      if (resolved) await tickets.customerConfirmed(ticket, userId);
      else await tickets.customerDeclined(ticket, userId);
      // Rule 1: the question is rewritten from the message as it was posted (the approved
      // text), never from ticket.draft, which may be a follow-up nobody approved yet.
      const posted = body.message as { ts?: string; text?: string; blocks?: unknown[] } | undefined;
      if (body.channel?.id && posted?.ts) {
        const answered = buildAnsweredQuestion({ posted, resolved, lang: ticket.language });
        await client.chat.update({
          channel: body.channel.id,
          ts: posted.ts,
          text: answered.text,
          // biome-ignore lint/suspicious/noExplicitAny: Block Kit blocks built by our view builders
          blocks: answered.blocks as any,
        });
        // Once per question, even if two presses raced to this point.
        await store.appendLedgerOnce(`answered-${body.channel.id}-${posted.ts}`, [
          {
            action: 'reply.question_updated',
            actor: userId,
            atMs: deps.now(),
            ticketId: ticket.id,
            details: { channelId: body.channel.id, ts: posted.ts, resolved },
          },
        ]);
      }
    } catch (error) {
      await handleFailure(error, client, body.channel?.id, userId);
    }
  }
}

async function tellExisting(
  client: WebClient,
  deps: TicketListenerDeps,
  channelId: string,
  userId: string,
  ticketId: string,
  lang: Lang,
): Promise<void> {
  const ticket = await deps.store.getTicket(ticketId);
  let link = '';
  if (ticket?.card) {
    try {
      const p = await client.chat.getPermalink({
        channel: ticket.card.channelId,
        message_ts: ticket.card.ts,
      });
      link = p.permalink ? ` <${p.permalink}|${pick(lang, 'افتح البطاقة', 'Open the card')}>` : '';
    } catch {
      link = '';
    }
  }
  await tellUser(
    client,
    channelId,
    userId,
    pick(
      lang,
      `ℹ️ هذه الرسالة لها تذكرة بالفعل.${link}`,
      `ℹ️ This message is already a ticket.${link}`,
    ),
  );
}

/** The ticket form's fields (the intake modal and the shortcut's modal share it). */
function readTicketForm(view: ViewOutput): { text: string; email?: string; customerId?: string } {
  const values = view.state.values;
  return {
    text: values[BLOCK.ticketText]?.[ACTION.ticketText]?.value?.trim() ?? '',
    email: values[BLOCK.ticketEmail]?.[ACTION.ticketEmail]?.value?.trim() || undefined,
    customerId:
      values[BLOCK.ticketCustomer]?.[ACTION.ticketCustomer]?.selected_option?.value ?? undefined,
  };
}

function emptyTicketTextError(lang: Lang): Record<string, string> {
  return { [BLOCK.ticketText]: pick(lang, 'اكتب نص التذكرة.', 'Write the ticket text.') };
}
