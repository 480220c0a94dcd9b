/**
 * Customer-ops state in Redis, per customer: the onboarding checklist, the connector
 * statuses (with the live-mode requests waiting for a founder), the customer-success
 * metrics and the success plan; plus approval requests (connector live mode, onboarding
 * steps) and customer-success drafts, each with a "pending" index for the App Home.
 *
 * Every document carries a `version` and is written with a compare-and-set Lua script (the
 * stored JSON must still be exactly what the caller read), together with its index entries
 * and its ledger entries, in one atomic step. That is safe on the connection the whole app
 * shares — no WATCH/MULTI — and racing clicks serialise: the loser re-reads and re-decides.
 */
import type { Redis } from 'ioredis';
import type {
  AtRiskAlert,
  ConnectorKey,
  ConnectorState,
  ConnectorStatuses,
  CustomerMetricsValues,
  DraftViolationSummary,
  LedgerEntry,
  OnboardingChecklist,
  OnboardingStepId,
  SuccessMilestone,
  WeeklyCheckIn,
} from '../domain/index.ts';
import type { CsDraftKind } from '../views/customerOpsViews.ts';
import { type IndexOp, writeDocument } from './documents.ts';

export interface OnboardingDoc {
  customerId: string;
  checklist: OnboardingChecklist;
  version: number;
}

export interface ConnectorsDoc {
  customerId: string;
  statuses: ConnectorStatuses;
  /** Connector → id of its live-mode request waiting for a founder. */
  pendingLive: Partial<Record<ConnectorKey, string>>;
  version: number;
}

export interface MetricsDoc extends CustomerMetricsValues {
  customerId: string;
  updatedAtMs: number;
  updatedBy: string;
  version: number;
}

export interface PlanMilestoneState extends SuccessMilestone {
  dueAtMs: number;
}

export interface SuccessPlanDoc {
  customerId: string;
  bundleId: string;
  startMs: number;
  /** The length of a plan "day" when it started (policy customerSuccess.dayMs). */
  dayMs: number;
  startedBy: string;
  milestones: PlanMilestoneState[];
  version: number;
}

export type ApprovalRequestKind = 'connector_live' | 'onboarding_step';
export type ApprovalRequestStatus = 'pending' | 'approved' | 'declined' | 'stale';

export interface ApprovalRequest {
  id: string;
  kind: ApprovalRequestKind;
  customerId: string;
  customerName: string;
  connectorKey?: ConnectorKey;
  fromState?: ConnectorState;
  stepId?: OnboardingStepId;
  notes?: string;
  requestedBy: string;
  requestedAtMs: number;
  status: ApprovalRequestStatus;
  decidedBy?: string;
  decidedAtMs?: number;
  version: number;
}

export type CsDraftStatus = 'pending' | 'approved';

export interface CsDraft {
  id: string;
  kind: CsDraftKind;
  customerId: string;
  customerName: string;
  /** The customer's language: the drafted message is in it. */
  language: 'ar' | 'en';
  /** The drafted message a human may send once approved. */
  text: string;
  violations: DraftViolationSummary[];
  checkIn?: WeeklyCheckIn;
  alert?: AtRiskAlert;
  milestone?: SuccessMilestone;
  bundleId?: string;
  status: CsDraftStatus;
  createdAtMs: number;
  createdBy: string;
  editedBy?: string;
  approvedBy?: string;
  approvedAtMs?: number;
  version: number;
}

export interface PostedRef {
  channelId: string;
  ts: string;
}

export type { IndexOp } from './documents.ts';

export interface DocChange<T> {
  doc: T;
  ledger: LedgerEntry[];
  index?: IndexOp[];
}

export class OpsConcurrentUpdateError extends Error {
  override readonly name = 'OpsConcurrentUpdateError';
}

export class CustomerOpsStore {
  readonly k: {
    onboarding: (customerId: string) => string;
    connectors: (customerId: string) => string;
    metrics: (customerId: string) => string;
    plan: (customerId: string) => string;
    request: (id: string) => string;
    requestsPending: string;
    draft: (id: string) => string;
    draftsPending: string;
    posted: (id: string) => string;
    homeExpanded: (userId: string) => string;
    homeUsers: string;
    ledger: string;
  };

  constructor(
    readonly redis: Redis,
    prefix = 'sanad:',
  ) {
    const p = `${prefix}ops:`;
    this.k = {
      onboarding: (id) => `${p}onboarding:${id}`,
      connectors: (id) => `${p}connectors:${id}`,
      metrics: (id) => `${p}metrics:${id}`,
      plan: (id) => `${p}plan:${id}`,
      request: (id) => `${p}request:${id}`,
      requestsPending: `${p}requests:pending`,
      draft: (id) => `${p}draft:${id}`,
      draftsPending: `${p}drafts:pending`,
      posted: (id) => `${p}posted:${id}`,
      homeExpanded: (userId) => `${p}home-expanded:${userId}`,
      homeUsers: `${p}home-users`,
      ledger: `${prefix}ledger`,
    };
  }

  private async getJson<T>(key: string): Promise<T | null> {
    const raw = await this.redis.get(key);
    return raw ? (JSON.parse(raw) as T) : null;
  }

  /**
   * Compare-and-set on one document. `change` sees the latest stored document (or null) and
   * returns the new one with its ledger and index writes, or null for "nothing to do"; it may
   * throw (a refusal). Retried against the new state when another writer got there first.
   */
  async update<T>(
    key: string,
    change: (current: T | null) => DocChange<T> | null,
    attempts = 50,
  ): Promise<{ doc: T | null; changed: boolean; previous: T | null }> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const raw = await this.redis.get(key);
      const current = raw ? (JSON.parse(raw) as T) : null;
      const next = change(current);
      if (!next) return { doc: current, changed: false, previous: current };
      const ok = await writeDocument(this.redis, {
        key,
        expected: raw,
        next: JSON.stringify(next.doc),
        ops: next.index,
        ledgerKey: this.k.ledger,
        ledger: next.ledger,
      });
      if (ok) return { doc: next.doc, changed: true, previous: current };
    }
    throw new OpsConcurrentUpdateError(`${key} kept changing; gave up after ${attempts} tries`);
  }

  // Per-customer documents ----------------------------------------------------------------

  getOnboarding(customerId: string): Promise<OnboardingDoc | null> {
    return this.getJson(this.k.onboarding(customerId));
  }

  getConnectors(customerId: string): Promise<ConnectorsDoc | null> {
    return this.getJson(this.k.connectors(customerId));
  }

  getMetrics(customerId: string): Promise<MetricsDoc | null> {
    return this.getJson(this.k.metrics(customerId));
  }

  getPlan(customerId: string): Promise<SuccessPlanDoc | null> {
    return this.getJson(this.k.plan(customerId));
  }

  /** One round trip for the App Home: each customer's onboarding, connectors and metrics. */
  async customerDocs(customerIds: string[]): Promise<
    Map<
      string,
      {
        onboarding: OnboardingDoc | null;
        connectors: ConnectorsDoc | null;
        metrics: MetricsDoc | null;
      }
    >
  > {
    const out = new Map<
      string,
      {
        onboarding: OnboardingDoc | null;
        connectors: ConnectorsDoc | null;
        metrics: MetricsDoc | null;
      }
    >();
    if (customerIds.length === 0) return out;
    const keys = customerIds.flatMap((id) => [
      this.k.onboarding(id),
      this.k.connectors(id),
      this.k.metrics(id),
    ]);
    const raws = await this.redis.mget(...keys);
    const parse = <T>(raw: string | null | undefined): T | null =>
      raw ? (JSON.parse(raw) as T) : null;
    customerIds.forEach((id, i) => {
      out.set(id, {
        onboarding: parse<OnboardingDoc>(raws[i * 3]),
        connectors: parse<ConnectorsDoc>(raws[i * 3 + 1]),
        metrics: parse<MetricsDoc>(raws[i * 3 + 2]),
      });
    });
    return out;
  }

  // Approval requests and drafts ----------------------------------------------------------

  getRequest(id: string): Promise<ApprovalRequest | null> {
    return this.getJson(this.k.request(id));
  }

  getDraft(id: string): Promise<CsDraft | null> {
    return this.getJson(this.k.draft(id));
  }

  private async pendingDocs<T>(index: string, key: (id: string) => string): Promise<T[]> {
    const ids = await this.redis.zrange(index, '0', '-1');
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map(key));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as T);
  }

  pendingRequests(): Promise<ApprovalRequest[]> {
    return this.pendingDocs(this.k.requestsPending, this.k.request);
  }

  pendingDrafts(): Promise<CsDraft[]> {
    return this.pendingDocs(this.k.draftsPending, this.k.draft);
  }

  /** The index writes that store a new approval request and list it as pending (they go with
   *  the write of the document that asks for it). */
  newRequestWrites(request: ApprovalRequest): IndexOp[] {
    return [
      { op: 'set', key: this.k.request(request.id), value: JSON.stringify(request) },
      {
        op: 'zadd',
        key: this.k.requestsPending,
        score: request.requestedAtMs,
        member: request.id,
      },
    ];
  }

  // Where a request or draft was posted (set once by the worker that posted it) -----------

  async posted(id: string): Promise<PostedRef | null> {
    return this.getJson(this.k.posted(id));
  }

  /** `posted` for many at once (one MGET): those posted, by id. */
  async postedMany(ids: readonly string[]): Promise<Map<string, PostedRef>> {
    const out = new Map<string, PostedRef>();
    if (ids.length === 0) return out;
    const raws = await this.redis.mget(ids.map((id) => this.k.posted(id)));
    raws.forEach((raw, i) => {
      if (raw) out.set(ids[i]!, JSON.parse(raw) as PostedRef);
    });
    return out;
  }

  async setPosted(id: string, ref: PostedRef): Promise<boolean> {
    const ok = await this.redis.set(this.k.posted(id), JSON.stringify(ref), 'NX');
    return ok === 'OK';
  }

  // App Home ------------------------------------------------------------------------------

  async homeExpanded(userId: string): Promise<string[]> {
    return (await this.getJson<string[]>(this.k.homeExpanded(userId))) ?? [];
  }

  async setHomeExpanded(userId: string, sections: string[]): Promise<void> {
    await this.redis.set(this.k.homeExpanded(userId), JSON.stringify(sections), 'EX', 30 * 86_400);
  }

  /** Users who opened the App Home: their Home is re-published when something waits for them. */
  async rememberHomeUser(userId: string): Promise<void> {
    await this.redis.sadd(this.k.homeUsers, userId);
  }

  async homeUsers(): Promise<string[]> {
    return this.redis.smembers(this.k.homeUsers);
  }
}
