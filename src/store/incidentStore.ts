/**
 * Incidents in Redis: one JSON document each, changed only by compare-and-set Lua scripts
 * (safe on the connection the whole app shares: no WATCH/MULTI), written together with
 * their ledger entries in the same step. Also: the daily incident sequence (in the policy's
 * time zone), the incident-channel index, the names tried for an incident's channel, and
 * the last rendering of each incident message (so unchanged messages are not re-sent).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  type Incident,
  type IncidentTransition,
  incidentApprovalsWaiting,
  type LedgerEntry,
} from '../domain/index.ts';
import {
  appendLedgerEntries,
  type IndexOp,
  readLedgerEntries,
  type StoredLedgerEntry,
  writeDocument,
} from './documents.ts';

export class IncidentConcurrencyError extends Error {
  override readonly name = 'IncidentConcurrencyError';
}

export class IncidentNotFoundError extends Error {
  override readonly name = 'IncidentNotFoundError';
}

// Hands out today's next incident number — or, for a view that was already submitted, the
// number it got then (a double submit or a retried request gets the same incident).
const RESERVE_ID_LUA = `
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then return {0, existing} end
end
local n = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 1209600)
local id = ARGV[1] .. string.format('%03d', n)
if KEYS[1] ~= '' then redis.call('SET', KEYS[1], id, 'EX', ARGV[2]) end
return {1, id}
`;

export class IncidentStore {
  private readonly k: {
    incident: (id: string) => string;
    active: string;
    awaiting: string;
    all: string;
    seq: (dateYmd: string) => string;
    ledger: string;
    channel: (channelId: string) => string;
    dedupe: (key: string) => string;
    attempts: (id: string) => string;
    render: (id: string) => string;
    jobs: (id: string) => string;
    lock: (name: string) => string;
    awaitingIndexed: string;
  };

  constructor(
    readonly redis: Redis,
    prefix = 'sanad:',
  ) {
    this.k = {
      incident: (id) => `${prefix}incident:${id}`,
      active: `${prefix}incidents:active`,
      // Incidents with something waiting for approval (a status update, a PDPL notice).
      awaiting: `${prefix}incidents:awaiting-approval`,
      all: `${prefix}incidents:all`,
      seq: (dateYmd) => `${prefix}seq:incident:${dateYmd}`,
      // The one action ledger every part of Sanad appends to.
      ledger: `${prefix}ledger`,
      channel: (channelId) => `${prefix}incident-channel:${channelId}`,
      dedupe: (key) => `${prefix}dedupe:${key}`,
      attempts: (id) => `${prefix}incident-channel-names:${id}`,
      render: (id) => `${prefix}incident-render:${id}`,
      jobs: (id) => `${prefix}incident-jobs:${id}`,
      lock: (name) => `${prefix}lock:${name}`,
      awaitingIndexed: `${prefix}migrations:incidents-awaiting-approval`,
    };
  }

  /**
   * `INC-YYYYMMDD-NNN` with the day's next number. With `dedupeKey` (the modal's view id),
   * a repeat gets the id handed out the first time (`fresh: false`).
   */
  async reserveIncidentId(
    dateYmd: string,
    dedupeKey?: string,
  ): Promise<{ id: string; fresh: boolean }> {
    const [fresh, id] = (await this.redis.eval(
      RESERVE_ID_LUA,
      2,
      dedupeKey ? this.k.dedupe(dedupeKey) : '',
      this.k.seq(dateYmd),
      `INC-${dateYmd}-`,
      String(7 * 24 * 3600),
    )) as [number, string];
    return { id, fresh: fresh === 1 };
  }

  /** Stores a new incident unless it exists (a racing double submit), with its index and ledger entries. */
  async createIncident(transition: IncidentTransition): Promise<boolean> {
    const { incident } = transition;
    return writeDocument(this.redis, {
      key: this.k.incident(incident.id),
      expected: null,
      next: JSON.stringify(incident),
      ops: [
        { op: 'sadd', key: this.k.active, member: incident.id },
        this.awaitingOp(incident),
        { op: 'zadd', key: this.k.all, score: incident.declaredAtMs, member: incident.id },
      ],
      ledgerKey: this.k.ledger,
      ledger: transition.ledger,
    });
  }

  async getIncident(id: string): Promise<Incident | null> {
    const raw = await this.redis.get(this.k.incident(id));
    return raw ? (JSON.parse(raw) as Incident) : null;
  }

  async incidentIdForChannel(channelId: string): Promise<string | null> {
    return this.redis.get(this.k.channel(channelId));
  }

  async incidentForChannel(channelId: string): Promise<Incident | null> {
    const id = await this.incidentIdForChannel(channelId);
    return id ? this.getIncident(id) : null;
  }

  async activeIncidents(): Promise<Incident[]> {
    return this.incidentsIn(this.k.active);
  }

  /** Incidents with a status update or a PDPL notice waiting for approval, active or not. */
  async incidentsAwaitingApproval(): Promise<Incident[]> {
    return this.incidentsIn(this.k.awaiting);
  }

  /**
   * Once per Redis: puts the incidents stored before the awaiting-approval set existed into
   * it (each later change keeps it in step). Returns how many were indexed. Marked done only
   * at the end, so a run cut short indexes again; a stale member costs a read, as readers
   * check each incident anyway.
   */
  async indexAwaitingApprovalOnce(): Promise<number> {
    if ((await this.redis.exists(this.k.awaitingIndexed)) === 1) return 0;
    const ids = await this.redis.zrange(this.k.all, '0', '-1');
    let indexed = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const page = ids.slice(i, i + 500);
      const raws = await this.redis.mget(...page.map((id) => this.k.incident(id)));
      const waiting = raws
        .filter((r): r is string => r !== null)
        .map((r) => JSON.parse(r) as Incident)
        .filter((incident) => incidentApprovalsWaiting(incident).length > 0)
        .map((incident) => incident.id);
      if (waiting.length > 0) indexed += await this.redis.sadd(this.k.awaiting, ...waiting);
    }
    await this.redis.set(this.k.awaitingIndexed, '1');
    return indexed;
  }

  private async incidentsIn(setKey: string): Promise<Incident[]> {
    const ids = (await this.redis.smembers(setKey)).sort();
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.k.incident(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Incident);
  }

  /** Keeps the awaiting-approval set in step with the document. */
  private awaitingOp(incident: Incident): IndexOp {
    return {
      op: incidentApprovalsWaiting(incident).length > 0 ? 'sadd' : 'srem',
      key: this.k.awaiting,
      member: incident.id,
    };
  }

  /**
   * Applies a pure transition atomically: `change` sees the latest stored incident and the
   * write is a compare-and-set on that exact document, retried against the new state when
   * another writer got there first. `change` may throw (a refusal) or return null (no-op).
   */
  async updateIncident(
    id: string,
    change: (incident: Incident) => IncidentTransition | null,
    attempts = 50,
  ): Promise<{ incident: Incident; changed: boolean; previous: Incident }> {
    const key = this.k.incident(id);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const raw = await this.redis.get(key);
      if (!raw) throw new IncidentNotFoundError(`No incident ${id}`);
      const current = JSON.parse(raw) as Incident;
      const transition = change(current);
      if (!transition) return { incident: current, changed: false, previous: current };
      const next = transition.incident;
      // Keeps the active set and the channel index in step with the document.
      const ops: IndexOp[] = [
        { op: next.status === 'active' ? 'sadd' : 'srem', key: this.k.active, member: id },
        this.awaitingOp(next),
      ];
      if (next.channelId && next.channelId !== current.channelId) {
        ops.push({ op: 'set', key: this.k.channel(next.channelId), value: id });
      }
      const ok = await writeDocument(this.redis, {
        key,
        expected: raw,
        next: JSON.stringify(next),
        ops,
        ledgerKey: this.k.ledger,
        ledger: transition.ledger,
      });
      if (ok) return { incident: next, changed: true, previous: current };
    }
    throw new IncidentConcurrencyError(`Incident ${id} kept changing; gave up after ${attempts}`);
  }

  /** Ledger entries about one incident, oldest first. */
  async readIncidentLedger(id: string, count = 10_000): Promise<StoredLedgerEntry[]> {
    const entries = await readLedgerEntries(this.redis, this.k.ledger, count);
    return entries.filter((e) => e.incidentId === id || e.details?.incidentId === id);
  }

  /** Appends ledger entries that go with no state change (e.g. a post to a customer channel). */
  async appendLedger(entries: LedgerEntry[]): Promise<void> {
    await appendLedgerEntries(this.redis, this.k.ledger, entries);
  }

  // Channel names tried (recorded before each conversations.create) -----------------------

  async noteChannelAttempt(id: string, name: string): Promise<void> {
    await this.redis.sadd(this.k.attempts(id), name);
  }

  async channelAttempts(id: string): Promise<string[]> {
    return this.redis.smembers(this.k.attempts(id));
  }

  // Rendered messages ---------------------------------------------------------------------

  static hash(content: unknown): string {
    return createHash('sha1').update(JSON.stringify(content)).digest('hex');
  }

  async renderedHash(id: string, part: string): Promise<string | null> {
    return this.redis.hget(this.k.render(id), part);
  }

  async setRenderedHash(id: string, part: string, hash: string): Promise<void> {
    await this.redis.hset(this.k.render(id), part, hash);
  }

  // Scheduled jobs of an incident -----------------------------------------------------------

  async scheduledJobIds(id: string): Promise<string[]> {
    return this.redis.smembers(this.k.jobs(id));
  }

  async addScheduledJobId(id: string, jobId: string): Promise<void> {
    await this.redis.sadd(this.k.jobs(id), jobId);
  }

  async removeScheduledJobId(id: string, jobId: string): Promise<void> {
    await this.redis.srem(this.k.jobs(id), jobId);
  }

  // A short lock so one worker at a time touches an incident's Slack messages ---------------

  async tryLock(name: string, ttlMs: number): Promise<string | null> {
    const token = `${process.pid}-${Math.random()}`;
    const ok = await this.redis.set(this.k.lock(name), token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? token : null;
  }

  async unlock(name: string, token: string): Promise<void> {
    await this.redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      this.k.lock(name),
      token,
    );
  }
}
