/**
 * Slack listeners for incidents (SPEC §3 Incidents). Thin, like the ticket listeners: ack()
 * first, parse, call the incident service, answer. Slow Slack work (the channel, summaries,
 * drafts, posts) is done by the incident jobs. Refusals become an ephemeral message in the
 * user's language.
 *
 * `/incident [title]` opens the declare modal anywhere; in an incident channel it also takes
 * `commander @user`, `severity SEV1|SEV2|SEV3`, `update`, `resolve`, `unfreeze`, `help`.
 * A 📌 reaction or a pin in an incident channel adds the message to the timeline. Acting on an
 * incident is the team's (IncidentService.assertTeam): it is checked before a form opens, and
 * again by the service.
 */
import type {
  BlockAction,
  ButtonAction,
  CheckboxesAction,
  StaticSelectAction,
  UsersSelectAction,
} from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import {
  assertSeverity,
  DomainError,
  decodeEntities,
  type Incident,
  IncidentRefusal,
  pdplNoticeChangedSince,
  pdplNoticeRev,
  statusDraftChangedSince,
  statusDraftRev,
  triageIncident,
} from '../domain/index.ts';
import { isTeamMember } from '../services/context.ts';
import type { IncidentService } from '../services/incidentService.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { escapeText, type Lang, pick } from '../views/format.ts';
import {
  INCIDENT_ACTION,
  INCIDENT_BLOCK,
  INCIDENT_CALLBACK,
  INCIDENT_FLAG,
  idPattern,
  idSuffix,
} from '../views/incidentIds.ts';
import {
  buildDeclareIncidentModal,
  buildIncidentHelp,
  buildIncidentList,
  buildPdplNoticeModal,
  buildResolveIncidentModal,
  buildStatusUpdateModal,
  incidentIdFromBlockId,
  parsePdplNoticeValue,
  parsePlanBlockId,
  parseStatusUpdateValue,
  pdplApprovedText,
  pdplSentByHandText,
} from '../views/incidentViews.ts';
import type { LanguageResolver } from './language.ts';
import {
  createFailureHandler,
  notInCustomerChannelText,
  quotedPhrases,
  refusalText,
  safeJson,
  teamOnlyText,
  tellUser,
} from './replies.ts';
import type { ListenerRegistry } from './router.ts';

export interface IncidentListenerDeps {
  incidents: IncidentService;
  store: SanadStore;
  policy: Policy;
  now: () => number;
  logger: Logger;
  languageOf: LanguageResolver;
}

const SUBCOMMANDS = new Set(['commander', 'severity', 'update', 'resolve', 'unfreeze']);

/** `<@U123|name>`, `<@U123>`, `U123` → the id; `@name` → looked up by handle or name. */
async function resolveUser(client: WebClient, raw: string): Promise<string | null> {
  const arg = raw.trim();
  const mention = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/.exec(arg);
  if (mention) return mention[1]!;
  if (/^[UW][A-Z0-9]{2,}$/.test(arg)) return arg;
  const handle = arg.replace(/^@/, '').toLowerCase();
  if (!handle) return null;
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await client.users.list({ limit: 200, ...(cursor ? { cursor } : {}) });
    const hit = (res.members ?? []).find(
      (u) =>
        !u.deleted &&
        [u.name, u.profile?.display_name, u.real_name, u.profile?.real_name].some(
          (n) => n?.toLowerCase() === handle,
        ),
    );
    if (hit?.id) return hit.id;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  return null;
}

/** After an edit: tells the editor when the saved text (`what`) cannot be approved yet, and why. */
async function warnIfUnapprovable(
  client: WebClient,
  channelId: string | undefined,
  userId: string,
  lang: Lang,
  saved: { violations: ReadonlyArray<{ phrase: string }> } | undefined,
  what: { ar: string; en: string },
): Promise<void> {
  const violations = saved?.violations ?? [];
  if (violations.length === 0) return;
  const list = quotedPhrases(violations);
  await tellUser(
    client,
    channelId,
    userId,
    pick(
      lang,
      `⚠️ حُفظ ${what.ar}، لكنه يحتوي على ادعاءات محظورة أو معرّفات داخلية (${list}) ولا يمكن الموافقة عليه حتى يُعدّل.`,
      `⚠️ Saved, but the ${what.en} contains prohibited claims or internal ids (${list}); it cannot be approved until edited.`,
    ),
  );
}

async function displayName(client: WebClient, userId: string): Promise<string | undefined> {
  try {
    const info = await client.users.info({ user: userId });
    return info.user?.real_name || info.user?.profile?.display_name || info.user?.name;
  } catch {
    return undefined;
  }
}

export function registerIncidentListeners(app: ListenerRegistry, deps: IncidentListenerDeps): void {
  const { incidents, store, logger, languageOf } = deps;

  const handleFailure = createFailureHandler(languageOf, logger, 'incident');

  async function openUpdateEditor(
    client: WebClient,
    triggerId: string,
    incident: Incident,
    lang: Lang,
  ) {
    const draft = incident.draft;
    if (draft?.status !== 'pending') return;
    await client.views.open({
      trigger_id: triggerId,
      view: buildStatusUpdateModal({
        incidentId: incident.id,
        updateSeq: draft.seq,
        updateRev: statusDraftRev(draft),
        text: draft.text,
        texts: await incidents.updateTexts(incident),
        lang,
        incidentTitle: incident.title,
      }),
    });
  }

  async function openResolve(
    client: WebClient,
    triggerId: string,
    incident: Incident,
    lang: Lang,
    userId: string,
  ) {
    incidents.assertTeam(userId); // refused before the form, not after it is filled in
    if (incident.status !== 'active') {
      throw new IncidentRefusal(
        'incident_resolved',
        'الحادثة محلولة بالفعل.',
        'This incident is already resolved.',
      );
    }
    await client.views.open({
      trigger_id: triggerId,
      view: buildResolveIncidentModal({
        incidentId: incident.id,
        lang,
        title: incident.title,
        severity: incident.severity,
      }),
    });
  }

  async function liftedText(lang: Lang, userId: string): Promise<string> {
    return pick(
      lang,
      `🔓 رفع <@${userId}> تجميد الإجراءات الحية للعملاء المتأثرين.`,
      `🔓 <@${userId}> lifted the live-action freeze for the affected customers.`,
    );
  }

  // /incident ------------------------------------------------------------------------------
  app.command('/incident', async ({ ack, command, client, respond }) => {
    await ack();
    const userId = command.user_id;
    const channelId = command.channel_id;
    const lang = await languageOf(userId, client);
    // Slack sends the text with & < > escaped; the title prefilled from it must read as typed.
    const text = decodeEntities(command.text).trim();
    const [first = '', ...restWords] = text.split(/\s+/);
    const sub = first.toLowerCase();
    const arg = restWords.join(' ').trim();
    const ephemeral = (t: string) => respond({ response_type: 'ephemeral', text: t });
    try {
      if (sub === 'help') {
        await ephemeral(buildIncidentHelp(lang));
        return;
      }
      if (sub === 'list' && arg === '') {
        // Every active incident with its internal id: for the team only, and never in a
        // customer's channel, even as an ephemeral (rule 2) — as `/ticket list`.
        if (!isTeamMember(deps.policy, userId)) {
          await ephemeral(teamOnlyText(lang, '/incident list'));
          return;
        }
        if (await store.customerForChannel(channelId)) {
          await ephemeral(
            notInCustomerChannelText(lang, '/incident list', {
              list: { ar: 'الحوادث', en: 'incident' },
              internal: { ar: 'قناة العمليات', en: 'ops' },
            }),
          );
          return;
        }
        const view = buildIncidentList({
          incidents: await incidents.store.activeIncidents(),
          nowMs: deps.now(),
          lang,
        });
        await respond({ response_type: 'ephemeral', text: view.text, blocks: view.blocks });
        return;
      }
      const incident = SUBCOMMANDS.has(sub) ? await incidents.forChannel(channelId) : null;
      const looksLikeSubcommand =
        SUBCOMMANDS.has(sub) &&
        (incident !== null ||
          arg === '' ||
          (sub === 'severity' && /^sev[123]$/i.test(arg)) ||
          (sub === 'commander' && /^(<@|@|[UW][A-Z0-9]{2,}$)/.test(arg)));
      if (looksLikeSubcommand) {
        if (!incident) {
          await ephemeral(
            pick(
              lang,
              `⛔ \`/incident ${sub}\` يعمل داخل قناة حادثة فقط.`,
              `⛔ \`/incident ${sub}\` works only inside an incident channel.`,
            ),
          );
          return;
        }
        // What changes the incident is the team's; unfreeze is a founder's (the domain says so).
        if (sub !== 'unfreeze') incidents.assertTeam(userId);
        switch (sub) {
          case 'commander': {
            const commanderId = arg ? await resolveUser(client, arg) : userId;
            if (!commanderId) {
              await ephemeral(
                pick(
                  lang,
                  `⛔ لم أجد المستخدم ${escapeText(arg)}. اكتب \`/incident commander @الاسم\`.`,
                  `⛔ I could not find ${escapeText(arg)}. Use \`/incident commander @name\`.`,
                ),
              );
              return;
            }
            const name = await displayName(client, commanderId);
            await incidents.setCommander(incident.id, commanderId, userId, name);
            await ephemeral(
              pick(
                lang,
                `👤 القائد الآن <@${commanderId}>.`,
                `👤 <@${commanderId}> is now the commander.`,
              ),
            );
            return;
          }
          case 'severity': {
            const to = assertSeverity(arg);
            const next = await incidents.changeSeverity(incident.id, to, userId);
            await ephemeral(
              pick(lang, `الخطورة الآن *${next.severity}*.`, `Severity is now *${next.severity}*.`),
            );
            return;
          }
          case 'update': {
            const next = await incidents.draftUpdateNow(incident.id, userId);
            await openUpdateEditor(client, command.trigger_id, next, lang);
            return;
          }
          case 'resolve':
            await openResolve(client, command.trigger_id, incident, lang, userId);
            return;
          case 'unfreeze':
            await incidents.liftFreeze(incident.id, userId);
            await ephemeral(await liftedText(lang, userId));
            return;
        }
      }
      // Declaring can freeze customers' live actions and opens a channel: the team's call.
      if (!isTeamMember(deps.policy, userId)) {
        await ephemeral(teamOnlyText(lang, '/incident'));
        return;
      }
      const customers = await store.listCustomers();
      await client.views.open({
        trigger_id: command.trigger_id,
        view: buildDeclareIncidentModal({
          lang,
          initialTitle: text,
          customers: customers.map((c) => ({ id: c.id, name: c.name })),
          privateMetadata: JSON.stringify({ channelId }),
        }),
      });
    } catch (error) {
      const refusal = refusalText(error, lang);
      if (refusal) await ephemeral(refusal);
      else await handleFailure(error, client, channelId, userId);
    }
  });

  // Declare modal ---------------------------------------------------------------------------
  app.view(INCIDENT_CALLBACK.declareModal, async ({ ack, view, body, client }) => {
    const v = view.state.values;
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    // The form reached from the Home too: declaring is the team's, whoever opened it.
    if (!isTeamMember(deps.policy, userId)) {
      await ack({
        response_action: 'errors',
        errors: { [INCIDENT_BLOCK.title]: teamOnlyText(ackLang, '/incident') },
      });
      return;
    }
    const title = v[INCIDENT_BLOCK.title]?.[INCIDENT_ACTION.title]?.value?.trim() ?? '';
    const description =
      v[INCIDENT_BLOCK.description]?.[INCIDENT_ACTION.description]?.value?.trim() ?? '';
    const countRaw = v[INCIDENT_BLOCK.affectedCount]?.[INCIDENT_ACTION.affectedCount]?.value ?? '';
    const customerIds = (
      v[INCIDENT_BLOCK.affectedCustomers]?.[INCIDENT_ACTION.affectedCustomers]?.selected_options ??
      []
    ).map((o) => o.value);
    const flags = (v[INCIDENT_BLOCK.flags]?.[INCIDENT_ACTION.flags]?.selected_options ?? []).map(
      (o) => o.value,
    );
    const count = countRaw.trim() === '' ? undefined : Number(countRaw);
    const input = {
      title,
      description,
      affectedCount: count,
      affectedCustomerIds: customerIds,
      hasDataLeak: flags.includes(INCIDENT_FLAG.dataLeak),
      hasUnauthorizedSend: flags.includes(INCIDENT_FLAG.unauthorizedSend),
      userId,
      dedupeKey: `incident-view:${view.id}`,
    };
    try {
      triageIncident({
        title,
        description,
        affectedCustomers: Math.max(count ?? 0, customerIds.length, 1),
        hasDataLeak: input.hasDataLeak,
        hasUnauthorizedSend: input.hasUnauthorizedSend,
      });
      if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
        throw new DomainError('invalid_input', 'not a whole number', 'affectedCustomers');
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const block =
        error.field === 'description'
          ? INCIDENT_BLOCK.description
          : error.field === 'affectedCustomers'
            ? INCIDENT_BLOCK.affectedCount
            : INCIDENT_BLOCK.title;
      const message =
        block === INCIDENT_BLOCK.title
          ? pick(
              ackLang,
              'اكتب عنواناً (120 حرفاً على الأكثر).',
              'Write a title (120 characters at most).',
            )
          : block === INCIDENT_BLOCK.description
            ? pick(
                ackLang,
                'الوصف 500 حرف على الأكثر.',
                'The description is 500 characters at most.',
              )
            : pick(ackLang, 'اكتب عدداً صحيحاً.', 'Enter a whole number.');
      await ack({ response_action: 'errors', errors: { [block]: message } });
      return;
    }
    await ack();
    const lang = await languageOf(userId, client);
    const meta = safeJson<{ channelId: string }>(view.private_metadata);
    try {
      const { created, incident } = await incidents.declare(input);
      if (!created) return; // a double submit or a retried request: one incident
      // Rule 2: no internal id in a customer-facing channel, even in an ephemeral.
      const customerChannel = meta.channelId
        ? await store.customerForChannel(meta.channelId)
        : null;
      await tellUser(
        client,
        customerChannel ? undefined : meta.channelId,
        userId,
        pick(
          lang,
          `🚨 أُعلنت الحادثة ${incident.id} بخطورة *${incident.severity}* (${escapeText(incident.reasonAr)}). تُفتح قناتها الآن وستُدعى إليها.${incident.liveActionsFrozen ? ' 🧊 جُمّدت الإجراءات الحية للعملاء المتأثرين.' : ''}`,
          `🚨 Incident ${incident.id} declared as *${incident.severity}* (${escapeText(incident.reasonEn)}). Its channel is being opened and you will be invited.${incident.liveActionsFrozen ? ' 🧊 Live actions are frozen for the affected customers.' : ''}`,
        ),
      );
    } catch (error) {
      await handleFailure(error, client, meta.channelId, userId);
    }
  });

  // Summary controls ----------------------------------------------------------------------------
  async function incidentFor(body: BlockAction, fromBlock?: string | null): Promise<Incident> {
    const id =
      (fromBlock ?? null) ||
      (body.channel?.id ? await incidents.store.incidentIdForChannel(body.channel.id) : null);
    if (!id) {
      throw new IncidentRefusal('not_found', 'الحادثة غير موجودة.', 'Incident not found.');
    }
    return incidents.require(id);
  }

  app.action<BlockAction<UsersSelectAction>>(
    INCIDENT_ACTION.setCommander,
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      try {
        const incident = await incidentFor(body, incidentIdFromBlockId(action.block_id));
        const commanderId = action.selected_user;
        if (!commanderId) return;
        const name = await displayName(client, commanderId);
        await incidents.setCommander(incident.id, commanderId, userId, name);
      } catch (error) {
        await handleFailure(error, client, body.channel?.id, userId);
      }
    },
  );

  app.action<BlockAction<StaticSelectAction>>(
    INCIDENT_ACTION.changeSeverity,
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      try {
        const [id = '', to = ''] = (action.selected_option?.value ?? '').split('|');
        await incidents.changeSeverity(id, assertSeverity(to), userId);
      } catch (error) {
        await handleFailure(error, client, body.channel?.id, userId);
      }
    },
  );

  function onButton(
    actionId: string | RegExp,
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

  onButton(INCIDENT_ACTION.postUpdate, async (id, userId, body, client) => {
    const lang = await languageOf(userId, client);
    const incident = await incidents.draftUpdateNow(id, userId);
    await openUpdateEditor(client, body.trigger_id, incident, lang);
  });

  onButton(INCIDENT_ACTION.resolve, async (id, userId, body, client) => {
    const lang = await languageOf(userId, client);
    await openResolve(client, body.trigger_id, await incidents.require(id), lang, userId);
  });

  onButton(INCIDENT_ACTION.liftFreeze, async (id, userId, body, client) => {
    await incidents.liftFreeze(id, userId);
    const lang = await languageOf(userId, client);
    await tellUser(client, body.channel?.id, userId, await liftedText(lang, userId));
  });

  onButton(INCIDENT_ACTION.recordFirstAction, async (id, userId) => {
    await incidents.recordFirstAction(id, userId);
  });

  onButton(INCIDENT_ACTION.retryChannel, async (id, userId, body, client) => {
    await incidents.retryChannel(id, userId);
    const lang = await languageOf(userId, client);
    await tellUser(
      client,
      body.channel?.id,
      userId,
      pick(lang, '🔁 تُعاد محاولة إنشاء القناة الآن.', '🔁 Retrying the channel now.'),
    );
  });

  // Plan checklist -------------------------------------------------------------------------------
  app.action<BlockAction<CheckboxesAction>>(
    idPattern(INCIDENT_ACTION.planSteps),
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      try {
        const where = parsePlanBlockId(action.block_id);
        if (!where) return;
        const ticked = (action.selected_options ?? []).flatMap((o) => (o.value ? [o.value] : []));
        await incidents.tickSteps(where.incidentId, where.chunk, ticked, userId);
      } catch (error) {
        await handleFailure(error, client, body.channel?.id, userId);
      }
    },
  );

  // Status-update draft --------------------------------------------------------------------------
  // Approve acts on the text the pressed message showed (its value says which version).
  onButton(INCIDENT_ACTION.approveUpdate, async (value, userId) => {
    const ref = parseStatusUpdateValue(value);
    if (!ref) return;
    await incidents.approveUpdate(ref.incidentId, ref.seq, ref.rev, userId);
  });

  onButton(INCIDENT_ACTION.snoozeUpdate, async (value, userId) => {
    const ref = parseStatusUpdateValue(value);
    if (!ref) return;
    const incident = await incidents.require(ref.incidentId);
    await incidents.snoozeUpdate(
      ref.incidentId,
      ref.seq,
      ref.minutes ?? incidents.snoozeMinutes(incident),
      userId,
    );
  });

  // The form shows the latest text in full and remembers its version, whatever the pressed
  // message showed.
  onButton(INCIDENT_ACTION.editUpdate, async (value, userId, body, client) => {
    const ref = parseStatusUpdateValue(value);
    if (!ref) return;
    incidents.assertTeam(userId);
    const lang = await languageOf(userId, client);
    const incident = await incidents.require(ref.incidentId);
    if (incident.draft?.seq !== ref.seq || incident.draft.status !== 'pending') {
      throw new IncidentRefusal(
        'draft_not_pending',
        'هذه المسودة لم تعد بانتظار الموافقة.',
        'This draft is no longer waiting for approval.',
      );
    }
    await openUpdateEditor(client, body.trigger_id, incident, lang);
  });

  app.view(INCIDENT_CALLBACK.statusUpdateModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    const texts: Partial<Record<Lang, string>> = {};
    // A block without a language: an editor opened before drafts had a text per language.
    let ownLanguage: string | undefined;
    const errors: Record<string, string> = {};
    for (const [blockId, inputs] of Object.entries(view.state.values)) {
      if (!idPattern(INCIDENT_BLOCK.updateText).test(blockId)) continue;
      const value = inputs[INCIDENT_ACTION.updateText]?.value?.trim() ?? '';
      if (value === '') errors[blockId] = pick(ackLang, 'التحديث فارغ.', 'The update is empty.');
      const l = idSuffix(blockId);
      if (l === 'ar' || l === 'en') texts[l] = value;
      else ownLanguage = value;
    }
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const meta = safeJson<{ incidentId: string; seq: number; rev?: number }>(view.private_metadata);
    // A field error can only be given in the ack: look before acking whether the draft
    // changed since the form opened, so the editor keeps their text and can copy it. (The
    // domain checks again when saving; a change in between is refused with an ephemeral.)
    const current = meta.incidentId ? await incidents.get(meta.incidentId) : null;
    const changed = current && statusDraftChangedSince(current, meta.seq ?? 0, meta.rev, 'edit');
    const firstInput = Object.keys(view.state.values).find((b) =>
      idPattern(INCIDENT_BLOCK.updateText).test(b),
    );
    if (changed && firstInput) {
      await ack({
        response_action: 'errors',
        errors: { [firstInput]: pick(ackLang, changed.messageAr, changed.messageEn) },
      });
      return;
    }
    await ack();
    const lang = await languageOf(userId, client);
    try {
      if (ownLanguage !== undefined) {
        texts[(await incidents.require(meta.incidentId ?? '')).language] = ownLanguage;
      }
      const incident = await incidents.editUpdate(
        meta.incidentId ?? '',
        meta.seq ?? 0,
        meta.rev,
        texts,
        userId,
      );
      await warnIfUnapprovable(client, incident.channelId, userId, lang, incident.draft, {
        ar: 'التحديث',
        en: 'update',
      });
    } catch (error) {
      await handleFailure(error, client, undefined, userId);
    }
  });

  // Resolve -----------------------------------------------------------------------------------
  app.view(INCIDENT_CALLBACK.resolveModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly).
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    const v = view.state.values;
    const summary =
      v[INCIDENT_BLOCK.resolveSummary]?.[INCIDENT_ACTION.resolveSummary]?.value?.trim() ?? '';
    const cause =
      v[INCIDENT_BLOCK.resolveCause]?.[INCIDENT_ACTION.resolveCause]?.value?.trim() ?? '';
    const items = (
      v[INCIDENT_BLOCK.resolveActionItems]?.[INCIDENT_ACTION.resolveActionItems]?.value ?? ''
    )
      .split('\n')
      .map((s) => s.replace(/^\s*[-•*]\s*/, '').trim())
      .filter(Boolean);
    const errors: Record<string, string> = {};
    if (summary === '') {
      errors[INCIDENT_BLOCK.resolveSummary] = pick(ackLang, 'اكتب الملخص.', 'Write the summary.');
    }
    if (cause === '')
      errors[INCIDENT_BLOCK.resolveCause] = pick(ackLang, 'اكتب السبب.', 'Write the cause.');
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const meta = safeJson<{ incidentId: string }>(view.private_metadata);
    try {
      await incidents.resolve(
        meta.incidentId ?? '',
        { summary, cause, actionItems: items },
        userId,
      );
    } catch (error) {
      await handleFailure(error, client, undefined, userId);
    }
  });

  // PDPL notice -----------------------------------------------------------------------------------
  // Approve acts on the notice the pressed message showed (its value says which version).
  onButton(INCIDENT_ACTION.approvePdplNotice, async (value, userId, body, client) => {
    const ref = parsePdplNoticeValue(value);
    if (!ref) return;
    const incident = await incidents.approvePdplNotice(ref.incidentId, ref.rev, userId);
    const lang = await languageOf(userId, client);
    const byHand = incident.pdplByHand?.length ?? 0;
    await tellUser(
      client,
      body.channel?.id,
      userId,
      pdplApprovedText({ inSlack: incident.affectedCustomerIds.length - byHand, byHand, lang }),
    );
  });

  onButton(idPattern(INCIDENT_ACTION.pdplSentByHand), async (value, userId, body, client) => {
    const ref = safeJson<{ incidentId: string; customerId: string }>(value);
    const incident = await incidents.recordPdplSentByHand(
      ref.incidentId ?? '',
      ref.customerId ?? '',
      userId,
    );
    const name = incident.pdplByHand?.find((r) => r.customerId === ref.customerId)?.name ?? '';
    const lang = await languageOf(userId, client);
    await tellUser(client, body.channel?.id, userId, pdplSentByHandText(name, lang));
  });

  // The form shows the latest notice and remembers its version, whatever the message showed.
  onButton(INCIDENT_ACTION.editPdplNotice, async (value, userId, body, client) => {
    const ref = parsePdplNoticeValue(value);
    if (!ref) return;
    incidents.assertTeam(userId);
    const incident = await incidents.require(ref.incidentId);
    const lang = await languageOf(userId, client);
    if (!incident.pdplNotice || incident.pdplNoticeSentAtMs !== undefined) {
      throw new IncidentRefusal(
        'notice_already_sent',
        'أُرسل إشعار PDPL بالفعل.',
        'The PDPL notice was already sent.',
      );
    }
    const texts = { ...incident.pdplNotice.texts };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildPdplNoticeModal({
        incidentId: incident.id,
        rev: pdplNoticeRev(incident.pdplNotice),
        text: '',
        texts,
        lang,
      }),
    });
  });

  app.view(INCIDENT_CALLBACK.pdplNoticeModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    // Each text with its block's language; a block without one is the editor's own.
    const entries: Array<[string | null, string]> = [];
    const errors: Record<string, string> = {};
    for (const [blockId, inputs] of Object.entries(view.state.values)) {
      if (!blockId.startsWith(INCIDENT_BLOCK.pdplNoticeText)) continue;
      const value = inputs[INCIDENT_ACTION.pdplNoticeText]?.value?.trim() ?? '';
      if (value === '') errors[blockId] = pick(ackLang, 'الإشعار فارغ.', 'The notice is empty.');
      entries.push([idSuffix(blockId), value]);
    }
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const meta = parsePdplNoticeValue(view.private_metadata) ?? { incidentId: '' };
    // As for the status update: a notice changed since the form opened is a field error.
    const current = meta.incidentId ? await incidents.get(meta.incidentId) : null;
    const changed = current && pdplNoticeChangedSince(current, meta.rev, 'edit');
    const firstInput = Object.keys(view.state.values).find((b) =>
      b.startsWith(INCIDENT_BLOCK.pdplNoticeText),
    );
    if (changed && firstInput) {
      await ack({
        response_action: 'errors',
        errors: { [firstInput]: pick(ackLang, changed.messageAr, changed.messageEn) },
      });
      return;
    }
    await ack();
    const lang = await languageOf(userId, client);
    const texts: Partial<Record<Lang, string>> = {};
    for (const [l, value] of entries) texts[l === 'ar' || l === 'en' ? l : lang] = value;
    try {
      const incident = await incidents.editPdplNotice(meta.incidentId, meta.rev, texts, userId);
      await warnIfUnapprovable(client, incident.channelId, userId, lang, incident.pdplNotice, {
        ar: 'الإشعار',
        en: 'notice',
      });
    } catch (error) {
      await handleFailure(error, client, undefined, userId);
    }
  });

  // 📌 and pins: the message joins the timeline at its own time --------------------------------
  async function capture(
    client: WebClient,
    input: { channelId: string; ts: string; userId: string; text?: string; authorId?: string },
  ): Promise<void> {
    // Most reactions and pins are elsewhere: one Redis read to know.
    if (!(await incidents.store.incidentIdForChannel(input.channelId))) return;
    // The timeline goes into the post-mortem: the team's to write.
    if (!isTeamMember(deps.policy, input.userId)) {
      const lang = await languageOf(input.userId, client);
      await client.chat
        .postEphemeral({
          channel: input.channelId,
          user: input.userId,
          text: pick(
            lang,
            '⛔ لم تُضف الرسالة إلى الخط الزمني: يضيف إليه فريق سند فقط (المؤسسون والمعتمدون والمناوبون).',
            '⛔ Not added to the incident timeline: only the Sanad team (founders, approvers and on-call) adds to it.',
          ),
        })
        .catch(() => undefined);
      return;
    }
    let text = input.text;
    let authorId = input.authorId;
    if (text === undefined) {
      const found = await client.reactions.get({
        channel: input.channelId,
        timestamp: input.ts,
        full: true,
      });
      const message = found.message as { text?: string; user?: string } | undefined;
      text = message?.text ?? '';
      authorId = message?.user;
    }
    const authorName = authorId ? await displayName(client, authorId) : undefined;
    const result = await incidents.captureMessage({
      channelId: input.channelId,
      ts: input.ts,
      text,
      userId: input.userId,
      authorName,
    });
    if (!result?.added) return;
    const lang = await languageOf(input.userId, client);
    const seconds = Math.floor(Number(input.ts));
    await client.chat
      .postEphemeral({
        channel: input.channelId,
        user: input.userId,
        text: pick(
          lang,
          `📌 أُضيفت الرسالة إلى الخط الزمني للحادثة بوقتها: <!date^${seconds}^{date_short_pretty} {time_secs}|${input.ts}>`,
          `📌 Added to the incident timeline at the message's own time: <!date^${seconds}^{date_short_pretty} {time_secs}|${input.ts}>`,
        ),
      })
      .catch(() => undefined);
  }

  app.event('reaction_added', async ({ event, client, context }) => {
    if (event.reaction !== 'pushpin' || event.item.type !== 'message') return;
    if (event.user === context.botUserId) return;
    try {
      await capture(client, {
        channelId: event.item.channel,
        ts: event.item.ts,
        userId: event.user,
      });
    } catch (error) {
      logger.warn({ err: error }, 'could not add a 📌 message to the timeline');
    }
  });

  app.event('pin_added', async ({ event, client, context }) => {
    const e = event as unknown as {
      user: string;
      channel_id: string;
      item?: { type?: string; message?: { ts?: string; text?: string; user?: string } };
    };
    if (e.user === context.botUserId || e.item?.type !== 'message' || !e.item.message?.ts) return;
    try {
      await capture(client, {
        channelId: e.channel_id,
        ts: e.item.message.ts,
        userId: e.user,
        text: e.item.message.text ?? '',
        authorId: e.item.message.user,
      });
    } catch (error) {
      logger.warn({ err: error }, 'could not add a pinned message to the timeline');
    }
  });
}

/** The bilingual refusal for a team-only incident command. */
