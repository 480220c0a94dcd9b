/**
 * Incidents in Redis: one JSON document each, changed only by compare-and-set Lua scripts
 * (safe on the connection the whole app shares: no WATCH/MULTI), written together with
 * their ledger entries in the same step. Also: the daily incident sequence (in the policy's
 * time zone), the incident-channel index, the names tried for an incident's channel, and
 * the last rendering of each incident message (so unchanged messages are not re-sent).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Incident, IncidentTransition, LedgerEntry } from '../domain/index.ts';
import type { StoredLedgerEntry } from './redisStore.ts';

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

const LEDGER_XADD = `
for i = ARGV_FROM, #ARGV do
  local e = cjson.decode(ARGV[i])
  redis.call('XADD', KEYS[LEDGER], '*', 'action', e[1], 'actor', e[2], 'at', e[3], 'ticket', e[4], 'details', e[5], 'incident', e[6])
end
`;

// Stores a new incident unless it exists (a racing double submit), with its index entries
// and ledger entries, in one step.
const CREATE_INCIDENT_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
${LEDGER_XADD.replace('ARGV_FROM', '4').replace('LEDGER', '4')}
return 1
`;

// Writes the new document only if the stored one is still exactly what the caller read;
// keeps the active set and the channel index in step; appends the ledger entries.
const COMPARE_AND_SET_LUA = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == 'active' then
  redis.call('SADD', KEYS[2], ARGV[3])
else
  redis.call('SREM', KEYS[2], ARGV[3])
end
if KEYS[4] ~= '' then redis.call('SET', KEYS[4], ARGV[3]) end
${LEDGER_XADD.replace('ARGV_FROM', '5').replace('LEDGER', '3')}
return 1
`;

function ledgerFields(entry: LedgerEntry): string[] {
  const incidentId = String(entry.details?.incidentId ?? '');
  return [
    entry.action,
    entry.actor,
    String(entry.atMs),
    entry.ticketId ?? '',
    JSON.stringify(entry.details ?? {}),
    incidentId,
  ];
}

export class IncidentStore {
  private readonly k: {
    incident: (id: string) => string;
    active: string;
    all: string;
    seq: (dateYmd: string) => string;
    ledger: string;
    channel: (channelId: string) => string;
    dedupe: (key: string) => string;
    attempts: (id: string) => string;
    render: (id: string) => string;
    jobs: (id: string) => string;
    lock: (name: string) => string;
  };

  constructor(
    readonly redis: Redis,
    prefix = 'sanad:',
  ) {
    this.k = {
      incident: (id) => `${prefix}incident:${id}`,
      active: `${prefix}incidents:active`,
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

  async createIncident(transition: IncidentTransition): Promise<boolean> {
    const { incident } = transition;
    const created = await this.redis.eval(
      CREATE_INCIDENT_LUA,
      4,
      this.k.incident(incident.id),
      this.k.active,
      this.k.all,
      this.k.ledger,
      JSON.stringify(incident),
      incident.id,
      String(incident.declaredAtMs),
      ...transition.ledger.map((e) => JSON.stringify(ledgerFields(e))),
    );
    return created === 1;
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
    const ids = (await this.redis.smembers(this.k.active)).sort();
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.k.incident(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Incident);
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
      const channelKey =
        next.channelId && next.channelId !== current.channelId
          ? this.k.channel(next.channelId)
          : '';
      const ok = await this.redis.eval(
        COMPARE_AND_SET_LUA,
        4,
        key,
        this.k.active,
        this.k.ledger,
        channelKey,
        raw,
        JSON.stringify(next),
        id,
        next.status,
        ...transition.ledger.map((e) => JSON.stringify(ledgerFields(e))),
      );
      if (ok === 1) return { incident: next, changed: true, previous: current };
    }
    throw new IncidentConcurrencyError(`Incident ${id} kept changing; gave up after ${attempts}`);
  }

  /** Ledger entries about one incident, oldest first. */
  async readIncidentLedger(id: string, count = 10_000): Promise<StoredLedgerEntry[]> {
    const rows = await this.redis.xrange(this.k.ledger, '-', '+', 'COUNT', count);
    const out: StoredLedgerEntry[] = [];
    for (const [entryId, fields] of rows) {
      const map = new Map<string, string>();
      for (let i = 0; i < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
      const details = JSON.parse(map.get('details') || '{}') as Record<string, unknown>;
      if (map.get('incident') !== id && details.incidentId !== id) continue;
      out.push({
        id: entryId,
        action: map.get('action') ?? '',
        actor: map.get('actor') ?? '',
        atMs: Number(map.get('at')),
        ticketId: map.get('ticket') || undefined,
        details,
      });
    }
    return out;
  }

  /** Appends ledger entries that go with no state change (e.g. a post to a customer channel). */
  async appendLedger(entries: LedgerEntry[]): Promise<void> {
    for (const e of entries) {
      const [action, actor, at, ticket, details, incident] = ledgerFields(e) as [
        string,
        string,
        string,
        string,
        string,
        string,
      ];
      await this.redis.xadd(
        this.k.ledger,
        '*',
        'action',
        action,
        'actor',
        actor,
        'at',
        at,
        'ticket',
        ticket,
        'details',
        details,
        'incident',
        incident,
      );
    }
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
