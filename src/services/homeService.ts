/**
 * Gathers one user's App Home (SPEC §3 App Home): what waits for their approval, open tickets
 * by priority with time left, active incidents, the 7-day SLA health, customers with their
 * onboarding progress and connector readiness, and at-risk customers. The view builder keeps
 * it within Slack's 100 blocks however much there is.
 *
 * Incidents come through an `IncidentProvider` (the incident feature supplies it; an
 * `IncidentView` fits `HomeIncident`): the active ones, and the status updates and PDPL
 * notices waiting for this user. Without one the section says there are none.
 */
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import {
  buildConnectorSetupSummary,
  getConnector,
  type IncidentApprovalWaiting,
  ONBOARDING_STEPS,
  replyAwaitingApproval,
  type Ticket,
} from '../domain/index.ts';
import type { CustomerOpsStore } from '../store/customerOpsStore.ts';
import {
  atRiskSeverityLabel,
  buildHomeView,
  buildOutsiderHomeView,
  HOME_SECTIONS,
  type HomeAtRisk,
  type HomeCustomer,
  type HomeIncident,
  type HomePendingApproval,
  type HomeSection,
  type HomeTicket,
} from '../views/customerOpsViews.ts';
import { type Lang, messageLink, pick } from '../views/format.ts';
import { actorFor, isTeamMember, type ServiceContext } from './context.ts';
import type { CustomerOpsService } from './customerOpsService.ts';
import { recentSlaHealth } from './slaReviewService.ts';
import type { TicketService } from './ticketService.ts';

export interface IncidentProvider {
  activeIncidents(): Promise<readonly HomeIncident[]>;
  /** Incident approvals this user may give (status updates, PDPL notices). */
  pendingApprovals?(userId: string): Promise<readonly IncidentApprovalWaiting[]>;
}

export const NO_INCIDENTS: IncidentProvider = { activeIncidents: async () => [] };

/** How many open tickets the Home reads (the most urgent first); the rest are counted. */
const HOME_TICKET_LIMIT = 500;

/** A waiting row's title: the id, then the text on one line, cut to 120 characters. */
function rowTitle(id: string, text: string): string {
  return `${id} — ${text.replace(/\s+/g, ' ').slice(0, 120)}`;
}

export class HomeService {
  private incidents: IncidentProvider;
  private workspace: Promise<{ url?: string; teamId?: string } | undefined> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly ops: CustomerOpsStore,
    private readonly tickets: TicketService,
    private readonly customerOps: CustomerOpsService,
    incidents: IncidentProvider = NO_INCIDENTS,
  ) {
    this.incidents = incidents;
  }

  setIncidentProvider(provider: IncidentProvider): void {
    this.incidents = provider;
  }

  /** Ticket drafts this user approves: P0 for founders, the rest for approvers. */
  private ticketApprover(userId: string) {
    const { founders, approvers } = this.ctx.policy.people;
    const isFounder = founders.includes(userId);
    const others = approvers.includes(userId) || (isFounder && approvers.length === 0);
    return (t: Ticket) => (t.priority === 'P0' ? isFounder : others);
  }

  /**
   * Builds the Home. `workspaceUrl` (auth.test `url`): each waiting approval gets an Open
   * button to the message with its buttons (a ticket's card; a request's or draft's post).
   */
  async build(userId: string, lang: Lang, workspaceUrl?: string): Promise<View> {
    const { store, policy, now, logger } = this.ctx;
    const nowMs = now();
    const actor = actorFor(policy, userId);
    const [open, customers, requests, drafts, incidents, incidentApprovals, health, expanded] =
      await Promise.all([
        this.tickets.openTickets(HOME_TICKET_LIMIT),
        store.listCustomers(),
        this.ops.pendingRequests(),
        this.ops.pendingDrafts(),
        this.incidents.activeIncidents().catch((error) => {
          logger.warn({ err: error }, 'incident provider failed; Home shows none');
          return [] as HomeIncident[];
        }),
        (this.incidents.pendingApprovals?.(userId) ?? Promise.resolve([])).catch((error) => {
          logger.warn({ err: error }, 'incident approvals failed; Home shows none');
          return [] as IncidentApprovalWaiting[];
        }),
        recentSlaHealth(this.ctx, nowMs),
        this.ops.homeExpanded(userId),
      ]);
    const docs = await this.ops.customerDocs(customers.map((c) => c.id));

    const approvals: HomePendingApproval[] = incidentApprovals.map((a) => ({
      id: a.seq === undefined ? `${a.incidentId}:${a.kind}` : `${a.incidentId}:${a.kind}:${a.seq}`,
      kind: a.kind,
      title: `${rowTitle(a.incidentId, a.title)}${a.seq === undefined ? '' : ` · #${a.seq}`}`,
      severity: a.severity,
      ...(a.customerNames ? { customerName: a.customerNames.join(pick(lang, '، ', ', ')) } : {}),
      ...(a.dueMs !== undefined ? { dueMs: a.dueMs } : {}),
      ...(a.message ? { channelId: a.message.channelId } : {}),
      ...(a.message && workspaceUrl
        ? { permalink: messageLink(workspaceUrl, a.message.channelId, a.message.ts) }
        : {}),
    }));
    const approvesTicket = this.ticketApprover(userId);
    const openTickets: HomeTicket[] = [];
    for (const t of open.tickets) {
      const due = this.tickets.dueTimes(t);
      openTickets.push({
        id: t.id,
        priority: t.priority,
        text: t.text,
        firstResponseDueMs: due.firstResponseDueMs,
        resolutionDueMs: due.resolutionDueMs,
        answered: t.firstResponseAtMs !== undefined,
        ...(t.customerName ? { customerName: t.customerName } : {}),
      });
      if (replyAwaitingApproval(t) !== null && approvesTicket(t)) {
        const dueMs =
          t.firstResponseAtMs === undefined ? due.firstResponseDueMs : due.resolutionDueMs;
        approvals.push({
          id: t.id,
          kind: 'ticket_reply',
          title: rowTitle(t.id, t.text),
          priority: t.priority,
          ...(t.customerName ? { customerName: t.customerName } : {}),
          ...(Number.isFinite(dueMs) ? { dueMs } : {}),
          ...(t.card ? { channelId: t.card.channelId } : {}),
          ...(t.card && workspaceUrl
            ? { permalink: messageLink(workspaceUrl, t.card.channelId, t.card.ts) }
            : {}),
        });
      }
    }
    const names = new Map(customers.map((c) => [c.id, c.name]));
    /** The requests and drafts shown: each was posted with its buttons (`ops.posted`). */
    const postedIds: string[] = [];
    for (const r of requests) {
      const mine = r.kind === 'connector_live' ? actor.isFounder : actor.isApprover;
      if (!mine) continue;
      postedIds.push(r.id);
      let title: string;
      if (r.kind === 'connector_live') {
        const c = r.connectorKey ? getConnector(r.connectorKey) : null;
        title = `${c ? pick(lang, c.labelAr, c.labelEn) : (r.connectorKey ?? '')} → ${pick(lang, 'تنفيذ بعد الموافقة (تشغيل حيّ)', 'approved execute (live mode)')}`;
      } else {
        const step = ONBOARDING_STEPS.find((s) => s.id === r.stepId);
        title = step ? pick(lang, step.labelAr, step.labelEn) : (r.stepId ?? '');
      }
      approvals.push({
        id: r.id,
        kind: r.kind,
        title,
        customerName: names.get(r.customerId) ?? r.customerName,
        sinceMs: r.requestedAtMs,
        ...(policy.channels.ops ? { channelId: policy.channels.ops } : {}),
      });
    }
    if (actor.isApprover) {
      for (const d of drafts) {
        postedIds.push(d.id);
        const severity = d.alert ? atRiskSeverityLabel(d.alert.severity, lang) : undefined;
        const title =
          d.kind === 'weekly_check_in'
            ? pick(lang, 'متابعة أسبوعية', 'Weekly check-in')
            : d.kind === 'at_risk_alert'
              ? pick(lang, `تنبيه خطر (${severity ?? ''})`, `At-risk alert (${severity ?? ''})`)
              : pick(
                  lang,
                  `خطة النجاح — اليوم ${d.milestone?.day ?? ''}`,
                  `Success plan — day ${d.milestone?.day ?? ''}`,
                );
        approvals.push({
          id: d.id,
          kind: 'cs_draft',
          title,
          customerName: names.get(d.customerId) ?? d.customerName,
          sinceMs: d.createdAtMs,
          ...(policy.channels.customerSuccess
            ? { channelId: policy.channels.customerSuccess }
            : {}),
        });
      }
    }
    if (workspaceUrl) {
      // Requests and drafts: an Open button to the message with their buttons, once posted.
      const posted = await this.ops.postedMany(postedIds);
      for (const a of approvals) {
        const ref = posted.get(a.id);
        if (!ref) continue;
        a.channelId = ref.channelId;
        a.permalink = messageLink(workspaceUrl, ref.channelId, ref.ts);
      }
    }

    const homeCustomers: HomeCustomer[] = [];
    const atRisk: HomeAtRisk[] = [];
    for (const c of customers) {
      const doc = docs.get(c.id);
      const summary = buildConnectorSetupSummary({
        customerId: c.id,
        statuses: doc?.connectors?.statuses ?? null,
      });
      homeCustomers.push({
        id: c.id,
        name: c.name,
        onboardingPct: doc?.onboarding?.checklist.progressPct ?? 0,
        readyForFirstService: summary.readyForFirstService,
        connectedPct: summary.connectedPct,
      });
      if (doc?.metrics) {
        const alert = this.customerOps.atRiskFor(c.id, doc.metrics, nowMs);
        if (alert.severity !== 'low') {
          atRisk.push({
            customerId: c.id,
            name: c.name,
            severity: alert.severity,
            riskScore: alert.riskScore,
          });
        }
      }
    }
    return buildHomeView({
      lang,
      nowMs,
      userId,
      pendingApprovals: approvals,
      openTickets,
      incidents,
      health,
      customers: homeCustomers,
      atRisk,
      expanded: expanded.filter((s): s is HomeSection =>
        (HOME_SECTIONS as readonly string[]).includes(s),
      ),
      totals: { tickets: open.total },
      canRunCustomerSuccess: actor.isApprover,
      canEditCustomers: actor.isApprover,
    });
  }

  async publish(client: WebClient, userId: string, lang: Lang): Promise<void> {
    const workspace = await this.workspaceInfo(client);
    const view = (await this.isInsider(client, userId, workspace))
      ? await this.build(userId, lang, workspace?.url)
      : buildOutsiderHomeView(lang);
    // biome-ignore lint/suspicious/noExplicitAny: Block Kit view from our view builder
    await client.views.publish({ user_id: userId, view: view as any });
  }

  /**
   * Whether this user may see the full Home — every ticket, incident and customer, with their
   * internal ids (rule 2). The policy's team (founders, approvers, on-call) may; so may a
   * colleague of the workspace (customer success) who is not a customer's contact. A customer's
   * contact, a Slack Connect user (another team), a guest, or anyone Slack cannot tell us about
   * gets the outsider's Home.
   */
  async isInsider(
    client: WebClient,
    userId: string,
    workspace?: { url?: string; teamId?: string },
  ): Promise<boolean> {
    if (isTeamMember(this.ctx.policy, userId)) return true;
    const customers = await this.ctx.store.listCustomers();
    if (customers.some((c) => c.contacts.some((p) => p.slackUserId === userId))) return false;
    const teamId = (workspace ?? (await this.workspaceInfo(client)))?.teamId;
    try {
      const info = await client.users.info({ user: userId });
      const u = info.user as
        | {
            team_id?: string;
            deleted?: boolean;
            is_bot?: boolean;
            is_restricted?: boolean;
            is_ultra_restricted?: boolean;
            is_stranger?: boolean;
          }
        | undefined;
      if (!u || !teamId || u.team_id !== teamId) return false;
      return !(u.deleted || u.is_restricted || u.is_ultra_restricted || u.is_stranger);
    } catch (error) {
      this.ctx.logger.warn({ err: error }, 'users.info failed; the outsider Home is shown');
      return false;
    }
  }

  /** The workspace's address and team id (auth.test), asked once (asked again after a
   *  failure; the Home is then published without links rather than not at all). */
  private async workspaceInfo(
    client: WebClient,
  ): Promise<{ url?: string; teamId?: string } | undefined> {
    this.workspace ??= client.auth.test().then(
      (r) => ({ url: r.url, teamId: r.team_id }),
      (error: unknown) => {
        this.workspace = undefined;
        this.ctx.logger.warn({ err: error }, 'auth.test failed; the Home has no message links');
        return undefined;
      },
    );
    return this.workspace;
  }

  async setExpanded(userId: string, section: HomeSection, on: boolean): Promise<void> {
    const current = new Set(await this.ops.homeExpanded(userId));
    if (on) current.add(section);
    else current.delete(section);
    await this.ops.setHomeExpanded(userId, [...current]);
  }
}
