/**
 * Slack listeners for customer ops: the customer, onboarding, connector and metrics modals,
 * the approval requests (connector live mode for founders, onboarding steps for approvers)
 * and the customer-success drafts (Approve / Edit). Thin, like the ticket listeners: parse the
 * payload, call the service, answer. Modal input errors come back as field errors
 * (`response_action: 'errors'`); refusals inside a modal show on top of the updated modal;
 * refusals on a channel message are ephemeral, in the reader's language.
 */
import type { BlockAction, ButtonAction, ViewOutput } from '@slack/bolt';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Policy } from '../config/index.ts';
import {
  type ConnectorChange,
  type CustomerOpsService,
  FieldErrors,
  type MetricsInput,
} from '../services/customerOpsService.ts';
import type { HomeService } from '../services/homeService.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { OPS_ACTION, OPS_BLOCK, OPS_CALLBACK, OPS_MENU } from '../views/customerOpsIds.ts';
import {
  buildConnectorModal,
  buildCsDraftEditModal,
  buildCustomerModal,
  buildMetricsModal,
  buildOnboardingModal,
  connectorKeyOfBlock,
  connectorLabel,
  connectorNotesDigest,
  parseConnectorMoveValue,
  parseCsDraftValue,
  parseOnboardingStepValue,
} from '../views/customerOpsViews.ts';
import { type Lang, pick } from '../views/format.ts';
import { idPattern } from '../views/incidentIds.ts';
import type { LanguageResolver } from './language.ts';
import {
  createFailureHandler,
  quotedPhrases,
  refusalText,
  safeJson,
  tellUser,
  temporaryFailureText,
} from './replies.ts';
import type { ListenerRegistry } from './router.ts';

export interface CustomerOpsListenerDeps {
  customerOps: CustomerOpsService;
  homes: HomeService;
  store: SanadStore;
  policy: Policy;
  logger: Logger;
  languageOf: LanguageResolver;
}

type Values = ViewOutput['state']['values'];

function errorsFor(
  error: FieldErrors,
  lang: Lang,
  blockOf: (field: string) => string | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields)) {
    const block = blockOf(field);
    if (block) out[block] = pick(lang, message.ar, message.en);
  }
  return out;
}

// Modal builders with the data loaded ------------------------------------------------------

export async function onboardingView(
  deps: CustomerOpsListenerDeps,
  customerId: string,
  userId: string,
  lang: Lang,
  notice?: string,
): Promise<View> {
  const [{ customer, doc, plan }, readiness] = await Promise.all([
    deps.customerOps.onboarding(customerId),
    deps.customerOps.firstServiceReadiness(customerId),
  ]);
  const cadence = plan
    ? plan.milestones.map((m) =>
        pick(lang, `اليوم ${m.day}: ${m.textAr}`, `Day ${m.day}: ${m.textEn}`),
      )
    : undefined;
  return buildOnboardingModal({
    lang,
    customerName: customer.name,
    checklist: doc.checklist,
    viewer: { canApprove: deps.customerOps.canApprove(userId) },
    readiness,
    revision: doc.version,
    notice,
    planStartedAtMs: plan?.startMs,
    planCadence: cadence,
  });
}

export async function connectorView(
  deps: CustomerOpsListenerDeps,
  customerId: string,
  userId: string,
  lang: Lang,
  notice?: string,
): Promise<View> {
  const state = await deps.customerOps.connectors(customerId);
  return buildConnectorModal({
    lang,
    customerName: state.customer.name,
    summary: state.summary,
    pendingLive: state.pendingLive,
    revision: state.doc.version,
    notice,
    viewerIsFounder: deps.customerOps.isFounder(userId),
  });
}

/** Opens one of a customer's modals (App Home buttons and menus). */
export async function openCustomerOpsModal(
  deps: CustomerOpsListenerDeps,
  client: WebClient,
  triggerId: string,
  userId: string,
  lang: Lang,
  menu: string,
  customerId?: string,
): Promise<void> {
  let view: View;
  // Adding or editing a customer (its contacts and channels) is for approvers: refused before
  // the form opens, and again when it is saved.
  if (!customerId || menu === 'add' || menu === OPS_MENU.edit) {
    deps.customerOps.requireCustomerEditor(userId);
  }
  if (!customerId || menu === 'add') {
    view = buildCustomerModal({ lang });
  } else if (menu === OPS_MENU.onboarding) {
    view = await onboardingView(deps, customerId, userId, lang);
  } else if (menu === OPS_MENU.connectors) {
    view = await connectorView(deps, customerId, userId, lang);
  } else if (menu === OPS_MENU.metrics) {
    const { customer, metrics } = await deps.customerOps.metrics(customerId);
    view = buildMetricsModal({
      lang,
      customerName: customer.name,
      customerId,
      metrics: metrics ?? undefined,
    });
  } else {
    const customer = await deps.customerOps.getCustomer(customerId);
    view = buildCustomerModal({ lang, ...(customer ? { customer } : {}) });
  }
  // biome-ignore lint/suspicious/noExplicitAny: Block Kit view from our view builders
  await client.views.open({ trigger_id: triggerId, view: view as any });
}

export function registerCustomerOpsListeners(
  app: ListenerRegistry,
  deps: CustomerOpsListenerDeps,
): void {
  const { customerOps, logger, languageOf, homes } = deps;

  async function refreshHome(client: WebClient, userId: string, lang: Lang): Promise<void> {
    await homes.publish(client, userId, lang).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not refresh the App Home');
    });
  }

  const failInChannel = createFailureHandler(languageOf, logger, 'customer-ops');

  function modalNotice(error: unknown, lang: Lang): string {
    const text = refusalText(error, lang);
    if (text) return text;
    logger.error({ err: error }, 'customer-ops modal action failed');
    return temporaryFailureText(lang);
  }

  /** The answer to a refused modal submission: each field's error at its block (`blockOf`),
   *  any other refusal at `fallbackBlock`. */
  function refusedSubmission(
    error: unknown,
    lang: Lang,
    blockOf: (field: string) => string | undefined,
    fallbackBlock: string,
  ): { response_action: 'errors'; errors: Record<string, string> } {
    return {
      response_action: 'errors',
      errors:
        error instanceof FieldErrors
          ? errorsFor(error, lang, blockOf)
          : { [fallbackBlock]: modalNotice(error, lang) },
    };
  }

  /** Replaces a modal with a new version; a lost race on the hash re-renders without it. */
  async function updateModal(client: WebClient, viewId: string, hash: string, view: View) {
    try {
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit view from our view builders
      await client.views.update({ view_id: viewId, hash, view: view as any });
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== 'hash_conflict') throw error;
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit view from our view builders
      await client.views.update({ view_id: viewId, view: view as any });
    }
  }

  // Customer modal ------------------------------------------------------------------------
  app.view(OPS_CALLBACK.customerModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    const v = view.state.values;
    const meta = safeJson<{ customerId?: string }>(view.private_metadata);
    try {
      await customerOps.saveCustomer(
        {
          customerId: meta.customerId,
          name: v[OPS_BLOCK.customerName]?.[OPS_ACTION.customerName]?.value ?? '',
          bundleId:
            v[OPS_BLOCK.customerBundle]?.[OPS_ACTION.customerBundle]?.selected_option?.value ?? '',
          channelIds:
            v[OPS_BLOCK.customerChannels]?.[OPS_ACTION.customerChannels]?.selected_conversations ??
            [],
          contactsText: v[OPS_BLOCK.customerContacts]?.[OPS_ACTION.customerContacts]?.value ?? '',
          language:
            v[OPS_BLOCK.customerLanguage]?.[OPS_ACTION.customerLanguage]?.selected_option?.value ??
            '',
        },
        userId,
        { idempotencyKey: view.id },
      );
    } catch (error) {
      const blocks: Record<string, string> = {
        name: OPS_BLOCK.customerName,
        bundle: OPS_BLOCK.customerBundle,
        channels: OPS_BLOCK.customerChannels,
        contacts: OPS_BLOCK.customerContacts,
        language: OPS_BLOCK.customerLanguage,
      };
      await ack(refusedSubmission(error, ackLang, (f) => blocks[f], OPS_BLOCK.customerName));
      return;
    }
    await ack();
    await refreshHome(client, userId, await languageOf(userId, client));
  });

  // Onboarding modal ----------------------------------------------------------------------
  app.view(OPS_CALLBACK.onboardingModal, async ({ ack, body, client }) => {
    await ack();
    const lang = await languageOf(body.user.id, client);
    await refreshHome(client, body.user.id, lang);
  });

  function notesFrom(values: Values | undefined): string | undefined {
    for (const [blockId, actions] of Object.entries(values ?? {})) {
      if (
        blockId !== OPS_BLOCK.onboardingNotes &&
        !blockId.startsWith(`${OPS_BLOCK.onboardingNotes}:`)
      )
        continue;
      const value = actions[OPS_ACTION.onboardingNotes]?.value;
      if (typeof value === 'string') return value;
    }
    return undefined;
  }

  async function onStepButton(
    body: BlockAction,
    action: ButtonAction,
    client: WebClient,
    approve: boolean,
  ): Promise<void> {
    const userId = body.user.id;
    const lang = await languageOf(userId, client);
    const ref = parseOnboardingStepValue(action.value ?? '');
    const inModal = body.view?.type === 'modal';
    if (!ref) return;
    let notice: string;
    try {
      const result = approve
        ? await customerOps.approveStep(ref.customerId, ref.stepId, userId)
        : await customerOps.completeStep(
            ref.customerId,
            ref.stepId,
            userId,
            inModal ? notesFrom(body.view?.state.values) : undefined,
          );
      notice = pick(lang, result.notice.ar, result.notice.en);
    } catch (error) {
      if (!inModal) {
        await failInChannel(error, client, body.channel?.id, userId);
        return;
      }
      notice = modalNotice(error, lang);
    }
    if (inModal && body.view) {
      const view = await onboardingView(deps, ref.customerId, userId, lang, notice);
      await updateModal(client, body.view.id, body.view.hash, view);
    } else if (body.channel?.id) {
      await tellUser(client, body.channel.id, userId, notice);
    }
  }

  app.action<BlockAction<ButtonAction>>(
    idPattern(OPS_ACTION.onboardingComplete),
    async ({ ack, body, action, client }) => {
      await ack();
      await onStepButton(body, action, client, false);
    },
  );
  app.action<BlockAction<ButtonAction>>(
    idPattern(OPS_ACTION.onboardingRequestApproval),
    async ({ ack, body, action, client }) => {
      await ack();
      await onStepButton(body, action, client, false);
    },
  );
  app.action<BlockAction<ButtonAction>>(
    idPattern(OPS_ACTION.onboardingApprove),
    async ({ ack, body, action, client }) => {
      await ack();
      await onStepButton(body, action, client, true);
    },
  );

  // Connector modal -----------------------------------------------------------------------
  app.view(OPS_CALLBACK.connectorModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // The whole answer goes in the ack: no Slack call (see LanguageOptions.cachedOnly).
    const lang = await languageOf(userId, client, { cachedOnly: true });
    const meta = safeJson<{ customerId?: string; notes?: Record<string, string> }>(
      view.private_metadata,
    );
    const changes = new Map<string, ConnectorChange>();
    const errors: Record<string, string> = {};
    const change = (key: string): ConnectorChange => {
      let c = changes.get(key);
      if (!c) {
        c = { connectorKey: key, ref: '', notesRef: '' };
        changes.set(key, c);
      }
      return c;
    };
    for (const [blockId, actions] of Object.entries(view.state.values)) {
      const key = connectorKeyOfBlock(blockId);
      if (!key) continue;
      if (blockId.startsWith(`${OPS_BLOCK.connectorMove}:`)) {
        const c = change(key);
        c.ref = blockId;
        const raw = Object.values(actions)[0]?.selected_option?.value;
        if (!raw) continue;
        const move = parseConnectorMoveValue(raw);
        if (!move || move.connectorKey !== key) {
          errors[blockId] = pick(lang, 'اختيار غير صالح.', 'Not a valid choice.');
          continue;
        }
        c.to = move.state;
      } else if (blockId.startsWith(`${OPS_BLOCK.connectorNotes}:`)) {
        const c = change(key);
        c.notesRef = blockId;
        const value = Object.values(actions)[0]?.value;
        c.notes = typeof value === 'string' ? value : '';
        // The notes this modal showed (none when it lists no digest for the connector).
        if (meta.notes) c.shownNotesDigest = meta.notes[key] ?? connectorNotesDigest('');
      }
    }
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const list = [...changes.values()].map((c) => ({
      ...c,
      ref: c.ref || c.notesRef,
      notesRef: c.notesRef || c.ref,
    }));
    const customerId = meta.customerId ?? '';
    let notice: string;
    try {
      const result = await customerOps.applyConnectorChanges(customerId, list, userId);
      const parts: string[] = [];
      if (result.moved > 0)
        parts.push(
          pick(lang, `✅ حُفظ (${result.moved} تغيير).`, `✅ Saved (${result.moved} moved).`),
        );
      for (const r of result.requested) {
        const label = connectorLabel(r.connectorKey ?? '', lang);
        parts.push(
          pick(
            lang,
            `⏳ طلب التشغيل الحي لـ ${label} أُرسل للمؤسس؛ يبقى الموصل على حاله حتى يوافق.`,
            `⏳ Live mode for ${label} went to a founder for approval; the connector stays as it is until one approves.`,
          ),
        );
      }
      notice = parts.join('\n') || pick(lang, '✅ حُفظ.', '✅ Saved.');
    } catch (error) {
      if (error instanceof FieldErrors) {
        await ack({ response_action: 'errors', errors: errorsFor(error, lang, (f) => f) });
        return;
      }
      notice = modalNotice(error, lang);
    }
    try {
      const next = await connectorView(deps, customerId, userId, lang, notice);
      await ack({ response_action: 'update', view: next });
    } catch (error) {
      logger.error({ err: error }, 'could not re-render the connector modal');
      await ack();
    }
  });

  app.action<BlockAction<ButtonAction>>(
    OPS_ACTION.connectorApprove,
    async ({ ack, body, action, client }) => {
      await ack();
      await decideLive(body, action, client, true);
    },
  );
  app.action<BlockAction<ButtonAction>>(
    OPS_ACTION.connectorDecline,
    async ({ ack, body, action, client }) => {
      await ack();
      await decideLive(body, action, client, false);
    },
  );

  async function decideLive(
    body: BlockAction,
    action: ButtonAction,
    client: WebClient,
    approve: boolean,
  ): Promise<void> {
    const userId = body.user.id;
    const lang = await languageOf(userId, client);
    const ref = safeJson<{ requestId?: string }>(action.value);
    try {
      const { request, changed } = await customerOps.decideLiveRequest(
        ref.requestId ?? '',
        userId,
        approve,
      );
      if (!changed && request.status !== 'pending') {
        await tellUser(
          client,
          body.channel?.id,
          userId,
          pick(
            lang,
            `ℹ️ قُرّر هذا الطلب بالفعل (${request.decidedBy ? `<@${request.decidedBy}>` : '—'}).`,
            `ℹ️ This request was already decided (${request.decidedBy ? `<@${request.decidedBy}>` : '—'}).`,
          ),
        );
      }
    } catch (error) {
      await failInChannel(error, client, body.channel?.id, userId);
    }
  }

  // Metrics modal -------------------------------------------------------------------------
  const METRIC_BLOCKS: Record<keyof MetricsInput, [string, string]> = {
    draftsApproved: [OPS_BLOCK.metricDraftsApproved, OPS_ACTION.metricDraftsApproved],
    replies: [OPS_BLOCK.metricReplies, OPS_ACTION.metricReplies],
    meetings: [OPS_BLOCK.metricMeetings, OPS_ACTION.metricMeetings],
    risksBlocked: [OPS_BLOCK.metricRisksBlocked, OPS_ACTION.metricRisksBlocked],
    pipelineSar: [OPS_BLOCK.metricPipelineSar, OPS_ACTION.metricPipelineSar],
    lastActivityDate: [OPS_BLOCK.metricLastActivity, OPS_ACTION.metricLastActivity],
    draftsPending: [OPS_BLOCK.metricDraftsPending, OPS_ACTION.metricDraftsPending],
    lastProofPackDate: [OPS_BLOCK.metricLastProofPack, OPS_ACTION.metricLastProofPack],
  };

  app.view(OPS_CALLBACK.metricsModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    const meta = safeJson<{ customerId?: string }>(view.private_metadata);
    const input: MetricsInput = {};
    for (const [field, [blockId, actionId]] of Object.entries(METRIC_BLOCKS)) {
      const state = view.state.values[blockId]?.[actionId];
      input[field as keyof MetricsInput] = state?.selected_date ?? state?.value ?? null;
    }
    try {
      await customerOps.saveMetrics(meta.customerId ?? '', input, userId);
    } catch (error) {
      await ack(
        refusedSubmission(
          error,
          ackLang,
          (f) => METRIC_BLOCKS[f as keyof MetricsInput]?.[0],
          OPS_BLOCK.metricDraftsApproved,
        ),
      );
      return;
    }
    await ack();
    await refreshHome(client, userId, await languageOf(userId, client));
  });

  // Customer-success drafts -----------------------------------------------------------------
  function onDraftButton(
    actionId: string,
    run: (
      ref: ReturnType<typeof parseCsDraftValue>,
      userId: string,
      lang: Lang,
      body: BlockAction<ButtonAction>,
      client: WebClient,
    ) => Promise<void>,
  ) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      const lang = await languageOf(userId, client);
      try {
        await run(parseCsDraftValue(action.value ?? ''), userId, lang, body, client);
      } catch (error) {
        await failInChannel(error, client, body.channel?.id, userId);
      }
    });
  }

  onDraftButton(OPS_ACTION.csDraftApprove, async (ref, userId, lang, body, client) => {
    const { draft, changed } = await customerOps.approveDraft(ref?.draftId ?? '', userId);
    if (!changed) {
      await tellUser(
        client,
        body.channel?.id,
        userId,
        pick(
          lang,
          `ℹ️ اعتُمدت هذه المسودة بالفعل (<@${draft.approvedBy ?? ''}>).`,
          `ℹ️ This draft was already approved (<@${draft.approvedBy ?? ''}>).`,
        ),
      );
    }
  });

  onDraftButton(OPS_ACTION.csDraftEdit, async (ref, userId, lang, body, client) => {
    const draft = ref?.draftId ? await customerOps.getDraft(ref.draftId) : null;
    if (!ref || !draft) {
      await tellUser(
        client,
        body.channel?.id,
        userId,
        pick(lang, '⛔ المسودة غير موجودة.', '⛔ Draft not found.'),
      );
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      // biome-ignore lint/suspicious/noExplicitAny: Block Kit view from our view builders
      view: buildCsDraftEditModal({ lang, ref, text: draft.text }) as any,
    });
  });

  app.view(OPS_CALLBACK.draftEditModal, async ({ ack, view, body, client }) => {
    const userId = body.user.id;
    // Before the ack: no Slack call (see LanguageOptions.cachedOnly); after it, the full lookup.
    const ackLang = await languageOf(userId, client, { cachedOnly: true });
    const ref = parseCsDraftValue(view.private_metadata);
    const text = view.state.values[OPS_BLOCK.csDraftText]?.[OPS_ACTION.csDraftText]?.value ?? '';
    try {
      const draft = await customerOps.editDraft(ref?.draftId ?? '', text, userId);
      await ack();
      const lang = await languageOf(userId, client);
      if (draft.violations.length > 0) {
        const list = quotedPhrases(draft.violations);
        await tellUser(
          client,
          deps.policy.channels.customerSuccess,
          userId,
          pick(
            lang,
            `⚠️ حُفظت المسودة، لكنها تحتوي على ادعاءات محظورة أو معرّفات داخلية (${list}) ولا يمكن اعتمادها حتى تُعدّل.`,
            `⚠️ Saved, but the draft contains prohibited claims or internal ids (${list}); it cannot be approved until edited.`,
          ),
        );
      }
    } catch (error) {
      const message =
        error instanceof FieldErrors
          ? pick(ackLang, error.fields.text?.ar ?? '', error.fields.text?.en ?? '')
          : modalNotice(error, ackLang);
      await ack({ response_action: 'errors', errors: { [OPS_BLOCK.csDraftText]: message } });
    }
  });
}
