/**
 * Incident use cases (SPEC §1.3, §3 Incidents). Each one loads the incident, calls a pure
 * domain transition, persists it atomically with its ledger entries, and hands the slow
 * Slack work (channel, summary, drafts, posts) to the incident jobs. Refusals are thrown as
 * IncidentRefusal (bilingual) or DomainError for the listeners to show.
 */
import { DateTime } from 'luxon';
import {
  addIncidentTimelineMessage,
  approveIncidentPdplNotice,
  approveIncidentStatusDraft,
  changeIncidentSeverity,
  customerTextViolations,
  type DraftViolationSummary,
  editIncidentPdplNotice,
  editIncidentStatusDraft,
  type Incident,
  type IncidentApprovalWaiting,
  IncidentRefusal,
  type IncidentTransition,
  incidentApprovalsFor,
  incidentApprovalsWaiting,
  liftIncidentFreeze,
  openIncident,
  recordIncidentFirstAction,
  recordIncidentFreeze,
  recordPdplNoticeSentByHand,
  resolveIncident,
  type SeverityId,
  setIncidentCommander,
  setIncidentPlanSteps,
  snoozeIncidentStatusDraft,
  startIncidentStatusDraft,
  statusDraftText,
  statusDraftTexts,
  triageIncident,
} from '../domain/index.ts';
import type { IncidentStore } from '../store/incidentStore.ts';
import type { Customer } from '../store/redisStore.ts';
import type { Lang } from '../views/format.ts';
import { draftPdplNoticeText, draftStatusUpdateText } from '../views/incidentViews.ts';
import {
  actorFor,
  type HomeRefresher,
  isTeamMember,
  NO_HOME_REFRESH,
  refreshApproverHomes,
  type ServiceContext,
} from './context.ts';

/** Where an approved update or notice goes. */
export interface PublishTarget {
  channelId: string;
  audience: 'stakeholders' | 'customer';
  lang: Lang;
  customerId?: string;
}

/** The slow Slack work, done by the incident jobs (src/jobs/incidentJobs.ts). */
export interface IncidentJobsPort {
  /** Creates the incident channel (retrying until Slack lets it), then posts its messages. */
  setup(incident: Incident): Promise<void>;
  /**
   * Brings the incident's Slack messages (summary, plan, draft, PDPL reminders) up to date.
   * `again`: even when this version was synced already (a button was pressed on a message
   * that still shows an older text).
   */
  sync(incident: Incident, again?: 'stale_press'): Promise<void>;
  /** Keeps the first-action, status-update and PDPL timers in step with the incident. */
  schedule(incident: Incident): Promise<void>;
  /** Each target gets the approved text in its own language. */
  publishUpdate(
    incident: Incident,
    seq: number,
    targets: Array<PublishTarget & { text: string }>,
  ): Promise<void>;
  sendPdplNotice(
    incident: Incident,
    targets: Array<PublishTarget & { text: string }>,
  ): Promise<void>;
  postMortem(incident: Incident): Promise<void>;
  retryChannel(incidentId: string): Promise<void>;
}

export interface DeclareInput {
  title: string;
  description?: string;
  /** How many customers are affected (defaults to the number chosen, at least 1). */
  affectedCount?: number;
  affectedCustomerIds?: string[];
  hasDataLeak?: boolean;
  hasUnauthorizedSend?: boolean;
  userId: string;
  /** The declare modal's view id: a double submit or a retry gives the same incident. */
  dedupeKey?: string;
}

/** Which approvals wait in an incident (a Home refresh is due when this changes). */
function approvalsKey(incident: Incident): string {
  return incidentApprovalsWaiting(incident)
    .map((a) => `${a.kind}:${a.seq ?? ''}:${a.customerNames?.length ?? ''}`)
    .join(',');
}

export class IncidentService {
  constructor(
    private readonly ctx: ServiceContext,
    readonly store: IncidentStore,
    private readonly jobs: IncidentJobsPort,
    private readonly homes: HomeRefresher = NO_HOME_REFRESH,
  ) {}

  get cadence() {
    return this.ctx.policy.incidents;
  }

  private actor(userId: string) {
    return actorFor(this.ctx.policy, userId);
  }

  /**
   * Changing an incident (commander, severity, plan, drafts, resolving, the timeline) is the
   * team's — founders, approvers, on-call — not a guest's or another colleague's in its channel.
   * Approvals and lifting the freeze check their own, narrower roles in the domain.
   */
  assertTeam(userId: string): void {
    if (isTeamMember(this.ctx.policy, userId)) return;
    throw new IncidentRefusal(
      'team_only',
      'إدارة الحادثة متاحة لفريق سند فقط (المؤسسون والمعتمدون والمناوبون).',
      'Only the Sanad team (founders, approvers and on-call) can act on an incident.',
    );
  }

  /** The day part of new incident ids, in the policy's time zone. */
  dateYmd(atMs: number): string {
    return DateTime.fromMillis(atMs, { zone: this.ctx.policy.timezone }).toFormat('yyyyLLdd');
  }

  /**
   * Declare: triage → severity → the incident recorded in Redis first → SEV1 freeze → the
   * channel and the timers handed to the jobs. Idempotent per `dedupeKey`.
   */
  async declare(input: DeclareInput): Promise<{ created: boolean; incident: Incident }> {
    const { ctx } = this;
    const chosen = [...new Set(input.affectedCustomerIds ?? [])];
    const triage = triageIncident({
      title: input.title,
      description: input.description,
      affectedCustomers: Math.max(input.affectedCount ?? 0, chosen.length, 1),
      hasDataLeak: input.hasDataLeak ?? false,
      hasUnauthorizedSend: input.hasUnauthorizedSend ?? false,
    });
    const atMs = ctx.now();
    const { id } = await this.store.reserveIncidentId(this.dateYmd(atMs), input.dedupeKey);
    let incident = await this.store.getIncident(id);
    let created = false;
    if (!incident) {
      const customers = await this.customers(chosen);
      const names = Object.fromEntries(customers.map((c) => [c.id, c.name]));
      let notice: Partial<Record<Lang, string>> | undefined;
      let noticeViolations: DraftViolationSummary[] = [];
      if (triage.hasDataLeak) {
        notice = {};
        for (const lang of this.noticeLanguages(customers)) {
          notice[lang] = draftPdplNoticeText({
            lang,
            detectedAtMs: atMs,
            timeZone: ctx.policy.timezone,
          });
        }
        noticeViolations = Object.values(notice).flatMap((t) => customerTextViolations(t));
      }
      const transition = openIncident({
        id,
        triage,
        declaredBy: input.userId,
        atMs,
        language: ctx.policy.language,
        affectedCustomerIds: chosen,
        affectedCustomerNames: names,
        cadence: this.cadence,
        pdplNotice: notice,
        pdplNoticeViolations: noticeViolations,
      });
      created = await this.store.createIncident(transition);
      incident = created ? transition.incident : await this.store.getIncident(id);
      if (!incident) throw new Error(`incident ${id} vanished`);
    }
    if (incident.severity === 'SEV1' && incident.freezeLiftedAtMs === undefined) {
      incident = await this.applyFreeze(incident, input.userId);
    }
    await this.jobs.setup(incident);
    await this.jobs.schedule(incident);
    if (created && approvalsKey(incident) !== '') await refreshApproverHomes(this.ctx, this.homes);
    return { created, incident };
  }

  /** Re-renders the incident's messages (after the worker recorded something they show). */
  async resync(incident: Incident): Promise<void> {
    await this.jobs.sync(incident);
  }

  /** The status updates and PDPL notices waiting for this user's approval (the App Home). */
  async approvalsFor(userId: string): Promise<IncidentApprovalWaiting[]> {
    const actor = this.actor(userId);
    if (!actor.isApprover && !actor.isFounder) return [];
    const waiting = await this.store.incidentsAwaitingApproval();
    return waiting.flatMap((incident) => incidentApprovalsFor(incident, actor));
  }

  async get(id: string): Promise<Incident | null> {
    return this.store.getIncident(id);
  }

  async forChannel(channelId: string): Promise<Incident | null> {
    return this.store.incidentForChannel(channelId);
  }

  async require(id: string): Promise<Incident> {
    const incident = await this.store.getIncident(id);
    if (!incident) {
      throw new IncidentRefusal('not_found', 'الحادثة غير موجودة.', 'Incident not found.');
    }
    return incident;
  }

  private async apply(
    id: string,
    change: (incident: Incident) => IncidentTransition | null,
  ): Promise<{ incident: Incident; changed: boolean }> {
    const result = await this.store.updateIncident(id, change);
    if (result.changed) {
      await this.jobs.sync(result.incident);
      await this.jobs.schedule(result.incident);
      if (approvalsKey(result.previous) !== approvalsKey(result.incident)) {
        await refreshApproverHomes(this.ctx, this.homes);
      }
    }
    return result;
  }

  /** SEV1: each affected customer's live actions are frozen (TicketService.approve refuses). */
  private async applyFreeze(incident: Incident, by: string): Promise<Incident> {
    const scopes = incident.affectedCustomerIds.filter((s) => !incident.frozenScopes.includes(s));
    if (scopes.length === 0) return incident;
    for (const scope of scopes) {
      await this.ctx.store.setFreeze(scope, {
        reasonAr: `حادثة SEV1 ${incident.id} — ${incident.title}`,
        reasonEn: `SEV1 incident ${incident.id} — ${incident.title}`,
        since: this.ctx.now(),
        by,
        source: `incident:${incident.id}`,
      });
    }
    const { incident: next } = await this.apply(incident.id, (i) =>
      recordIncidentFreeze(i, scopes, by, this.ctx.now()),
    );
    return next;
  }

  async setCommander(
    id: string,
    commanderId: string,
    userId: string,
    commanderName?: string,
  ): Promise<Incident> {
    this.assertTeam(userId);
    return (
      await this.apply(id, (i) =>
        setIncidentCommander(i, commanderId, userId, this.ctx.now(), commanderName),
      )
    ).incident;
  }

  async changeSeverity(id: string, to: SeverityId | string, userId: string): Promise<Incident> {
    this.assertTeam(userId);
    const { incident } = await this.apply(id, (i) =>
      changeIncidentSeverity(i, to, userId, this.ctx.now(), this.cadence),
    );
    return incident.severity === 'SEV1' ? this.applyFreeze(incident, userId) : incident;
  }

  /** A checklist block changed: `tickedIds` are the ticked steps of chunk `chunk` (10 a chunk). */
  async tickSteps(id: string, chunk: number, tickedIds: string[], userId: string) {
    this.assertTeam(userId);
    return (
      await this.apply(id, (i) => {
        const inChunk = i.steps.slice(chunk * 10, chunk * 10 + 10).map((s) => s.id);
        return setIncidentPlanSteps(i, inChunk, tickedIds, userId, this.ctx.now());
      })
    ).incident;
  }

  async recordFirstAction(id: string, userId: string): Promise<Incident> {
    this.assertTeam(userId);
    return (await this.apply(id, (i) => recordIncidentFirstAction(i, userId, this.ctx.now())))
      .incident;
  }

  /**
   * The languages a status update is written in: the incident's own (its channel) and each
   * destination's — the stakeholder channel's and every affected customer's.
   */
  async updateLanguages(incident: Incident): Promise<Lang[]> {
    const langs = new Set<Lang>([incident.language]);
    for (const t of await this.destinations(incident)) langs.add(t.lang);
    return [...langs].sort();
  }

  /** The pending (or last) draft in each language its readers need, for the editor and its message. */
  async updateTexts(incident: Incident): Promise<Partial<Record<Lang, string>>> {
    if (!incident.draft) return {};
    return statusDraftTexts(incident.draft, await this.updateLanguages(incident));
  }

  /** A new draft in every language of `langs`; `text` is the incident's own language's. */
  private newDraft(
    incident: Incident,
    langs: readonly Lang[],
    at: { dueAtMs: number; by: string },
  ): IncidentTransition | null {
    const texts: Partial<Record<Lang, string>> = {};
    for (const lang of new Set([incident.language, ...langs])) {
      texts[lang] = draftStatusUpdateText({
        lang,
        stepsDone: incident.steps.filter((s) => s.done).length,
        stepsTotal: incident.steps.length,
      });
    }
    return startIncidentStatusDraft(incident, {
      text: texts[incident.language] ?? '',
      texts,
      violations: Object.values(texts).flatMap((t) => customerTextViolations(t)),
      dueAtMs: at.dueAtMs,
      by: at.by,
      atMs: this.ctx.now(),
    });
  }

  /** `/incident update` or the summary's button: the pending draft, or a new one now. */
  async draftUpdateNow(id: string, userId: string): Promise<Incident> {
    this.assertTeam(userId);
    const incident = await this.require(id);
    if (incident.status !== 'active') {
      throw new IncidentRefusal(
        'incident_resolved',
        'الحادثة محلولة بالفعل.',
        'This incident is already resolved.',
      );
    }
    if (incident.draft?.status === 'pending') return incident;
    const langs = await this.updateLanguages(incident);
    return (
      await this.apply(id, (i) =>
        this.newDraft(i, langs, { dueAtMs: i.nextUpdateDueMs ?? this.ctx.now(), by: userId }),
      )
    ).incident;
  }

  /** The cadence job fired: a draft for this due time, unless one is pending or it moved. */
  async createScheduledDraft(id: string, dueAtMs: number): Promise<boolean> {
    const incident = await this.store.getIncident(id);
    if (!incident) return false;
    const langs = await this.updateLanguages(incident);
    const { changed } = await this.apply(id, (i) => {
      if (i.status !== 'active' || i.nextUpdateDueMs !== dueAtMs) return null;
      if (i.draft && i.draft.dueAtMs === dueAtMs && i.draft.status !== 'snoozed') return null;
      return this.newDraft(i, langs, { dueAtMs, by: 'sanad' });
    });
    return changed;
  }

  /** Edits the draft (version `rev`, as the editor opened it) in the languages given; the
   *  others keep their text. */
  async editUpdate(
    id: string,
    seq: number,
    rev: number | undefined,
    texts: Partial<Record<Lang, string>>,
    userId: string,
  ): Promise<Incident> {
    this.assertTeam(userId);
    const langs = await this.updateLanguages(await this.require(id));
    return (
      await this.apply(id, (i) => {
        // Every language's text as it will be approved (a draft stored with one text had it
        // for all of them), so the guard looks at each.
        const merged = i.draft ? { ...statusDraftTexts(i.draft, langs), ...texts } : texts;
        const violations = Object.values(merged).flatMap((t) =>
          t ? customerTextViolations(t) : [],
        );
        return editIncidentStatusDraft(i, seq, rev, merged, violations, userId, this.ctx.now());
      })
    ).incident;
  }

  /** Approves draft `seq` as shown at version `rev`; a later edit is refused, not published. */
  async approveUpdate(
    id: string,
    seq: number,
    rev: number | undefined,
    userId: string,
  ): Promise<Incident> {
    const { incident, changed } = await this.refreshWhenStale(id, () =>
      this.apply(id, (i) =>
        approveIncidentStatusDraft(i, seq, rev, this.actor(userId), this.ctx.now(), this.cadence),
      ),
    );
    const draft = incident.draft;
    if (changed && draft) {
      const targets = (await this.destinations(incident)).map((t) => ({
        ...t,
        text: statusDraftText(draft, t.lang),
      }));
      await this.jobs.publishUpdate(incident, seq, targets);
    }
    return incident;
  }

  async snoozeUpdate(id: string, seq: number, minutes: number, userId: string) {
    this.assertTeam(userId);
    return (
      await this.apply(id, (i) =>
        snoozeIncidentStatusDraft(i, seq, minutes, userId, this.ctx.now()),
      )
    ).incident;
  }

  /** Snooze length offered on a draft: 15 minutes, or the cadence when that is shorter. */
  snoozeMinutes(incident: Incident): number {
    return Math.min(15, this.cadence.statusUpdateMinutes[incident.severity]);
  }

  async resolve(
    id: string,
    input: { summary: string; cause: string; actionItems?: string[] },
    userId: string,
  ): Promise<Incident> {
    this.assertTeam(userId);
    const { incident, changed } = await this.apply(id, (i) =>
      resolveIncident(i, input, userId, this.ctx.now()),
    );
    if (changed) await this.jobs.postMortem(incident);
    return incident;
  }

  /** Only a founder lifts the SEV1 freeze; only the freezes this incident set are lifted. */
  async liftFreeze(id: string, userId: string): Promise<Incident> {
    const incident = await this.require(id);
    liftIncidentFreeze(incident, this.actor(userId), this.ctx.now()); // refuses early
    // Another incident (or the SLA review) may freeze the same customer: that stays.
    for (const scope of incident.frozenScopes) {
      await this.ctx.store.liftFreeze(scope, `incident:${id}`);
    }
    return (
      await this.apply(id, (i) =>
        i.liveActionsFrozen ? liftIncidentFreeze(i, this.actor(userId), this.ctx.now()) : null,
      )
    ).incident;
  }

  /** A 📌 or pin in an incident channel: the message joins the timeline once. */
  async captureMessage(input: {
    channelId: string;
    ts: string;
    text: string;
    userId: string;
    authorName?: string;
  }): Promise<{ incident: Incident; added: boolean } | null> {
    const id = await this.store.incidentIdForChannel(input.channelId);
    if (!id) return null;
    this.assertTeam(input.userId);
    const { incident, changed } = await this.apply(id, (i) =>
      addIncidentTimelineMessage(
        i,
        { ts: input.ts, text: input.text, by: input.userId, authorName: input.authorName },
        this.ctx.now(),
      ),
    );
    return { incident, added: changed };
  }

  /**
   * A button pressed on a message showing another text than the incident's is refused. When
   * that message did not catch up (its update failed, or it predates versioned buttons), the
   * refusal alone would repeat on every press: bring the messages up to date as well.
   */
  private async refreshWhenStale<T>(id: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof IncidentRefusal && error.code === 'draft_changed') {
        const current = await this.store.getIncident(id);
        if (current) await this.jobs.sync(current, 'stale_press');
      }
      throw error;
    }
  }

  /** Edits the PDPL notice (version `rev`, as the editor opened it). */
  async editPdplNotice(
    id: string,
    rev: number | undefined,
    texts: Partial<Record<Lang, string>>,
    userId: string,
  ): Promise<Incident> {
    this.assertTeam(userId);
    return (
      await this.apply(id, (i) => {
        const merged = { ...(i.pdplNotice?.texts ?? {}), ...texts };
        const violations = Object.values(merged).flatMap((t) =>
          t ? customerTextViolations(t) : [],
        );
        return editIncidentPdplNotice(i, rev, texts, violations, userId, this.ctx.now());
      })
    ).incident;
  }

  /** Approves the PDPL notice as shown at version `rev`; a later edit is refused, not sent. */
  async approvePdplNotice(id: string, rev: number | undefined, userId: string): Promise<Incident> {
    const current = await this.require(id);
    const byHand = (await this.customersOutsideSlack(current)).map((c) => {
      const email = c.contacts.find((x) => x.email)?.email;
      return {
        customerId: c.id,
        name: c.name,
        lang: c.language ?? this.ctx.policy.language,
        ...(email ? { email } : {}),
      };
    });
    const { incident, changed } = await this.refreshWhenStale(id, () =>
      this.apply(id, (i) =>
        approveIncidentPdplNotice(i, rev, this.actor(userId), this.ctx.now(), byHand),
      ),
    );
    if (changed) {
      const texts = incident.pdplNotice?.texts ?? {};
      const fallback = texts[incident.language] ?? Object.values(texts).find(Boolean) ?? '';
      const targets = (await this.destinations(incident))
        .filter((t) => t.audience === 'customer')
        .map((t) => ({ ...t, text: texts[t.lang] || fallback }));
      await this.jobs.sendPdplNotice(incident, targets);
    }
    return incident;
  }

  /** The approved PDPL notice was sent by hand to a customer outside Slack. */
  async recordPdplSentByHand(id: string, customerId: string, userId: string): Promise<Incident> {
    return (
      await this.apply(id, (i) =>
        recordPdplNoticeSentByHand(i, customerId, this.actor(userId), this.ctx.now()),
      )
    ).incident;
  }

  async retryChannel(id: string, userId: string): Promise<Incident> {
    this.assertTeam(userId);
    const incident = await this.require(id);
    await this.store.appendLedger([
      {
        action: 'incident.channel_retry_requested',
        actor: userId,
        atMs: this.ctx.now(),
        details: { incidentId: id },
      },
    ]);
    if (!incident.channelId) await this.jobs.retryChannel(id);
    return incident;
  }

  /** The stakeholder channel (ops unless set) and every affected customer's channels. */
  async destinations(incident: Incident): Promise<PublishTarget[]> {
    const { policy } = this.ctx;
    const out: PublishTarget[] = [];
    const stakeholders = policy.channels.stakeholders ?? policy.channels.ops;
    if (stakeholders) {
      out.push({ channelId: stakeholders, audience: 'stakeholders', lang: policy.language });
    }
    for (const c of await this.customers(incident.affectedCustomerIds)) {
      for (const channelId of c.channelIds) {
        if (out.some((t) => t.channelId === channelId)) continue;
        out.push({
          channelId,
          audience: 'customer',
          lang: c.language ?? policy.language,
          customerId: c.id,
        });
      }
    }
    return out;
  }

  /** The affected customers who have no Slack channel (to be told by hand). */
  async customersOutsideSlack(incident: Incident): Promise<Customer[]> {
    return (await this.customers(incident.affectedCustomerIds)).filter(
      (c) => c.channelIds.length === 0,
    );
  }

  private async customers(ids: readonly string[]): Promise<Customer[]> {
    const found = await Promise.all(ids.map((id) => this.ctx.store.getCustomer(id)));
    return found.filter((c): c is Customer => c !== null);
  }

  private noticeLanguages(customers: readonly Customer[]): Lang[] {
    const langs = new Set<Lang>(customers.map((c) => c.language ?? this.ctx.policy.language));
    if (langs.size === 0) langs.add(this.ctx.policy.language);
    return [...langs].sort();
  }
}
