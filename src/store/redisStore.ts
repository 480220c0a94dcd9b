/**
 * Sanad's state in Redis: tickets (one JSON document each, updated optimistically with
 * WATCH/MULTI so racing clicks serialise), customers and their channel mappings, dedupe
 * keys for Slack retries, live-action freezes, and the append-only action ledger (a Redis
 * Stream, written in the same transaction as the state change it records).
 */
import type { Redis } from 'ioredis';
import {
  type LedgerEntry,
  type Ticket,
  type TicketSlaFacts,
  type Transition,
  ticketSlaFacts,
} from '../domain/index.ts';
import {
  appendLedgerEntries,
  appendLedgerEntriesOnce,
  ledgerFieldValues,
  readLedgerEntries,
  type StoredLedgerEntry,
  writeDocument,
} from './documents.ts';

export type { StoredLedgerEntry } from './documents.ts';

export interface Customer {
  id: string;
  name: string;
  bundleId?: string;
  channelIds: string[];
  contacts: Array<{ name?: string; email?: string; slackUserId?: string }>;
  language?: 'ar' | 'en';
}

export interface Freeze {
  reasonAr: string;
  reasonEn: string;
  since: number;
  by: string;
  source: string;
}

const PENDING = '__pending__';

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}

// Creates a ticket only if its source message has no ticket yet, all in one step, so two
// shortcut runs on the same message can never both create one.
const CREATE_TICKET_LUA = `
if KEYS[1] ~= '' then
  local existing = redis.call('GET', KEYS[1])
  if existing then return existing end
  redis.call('SET', KEYS[1], ARGV[1])
end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('SET', KEYS[6], ARGV[1])
redis.call('HSET', KEYS[7], ARGV[1], ARGV[5])
for i = 6, #ARGV do
  redis.call('XADD', KEYS[5], '*', unpack(cjson.decode(ARGV[i])))
end
return ''
`;

export class SanadStore {
  private readonly k: {
    ticket: (id: string) => string;
    source: (channelId: string, ts: string) => string;
    open: string;
    all: string;
    seq: string;
    ledger: string;
    customer: (id: string) => string;
    customers: string;
    channel: (channelId: string) => string;
    dedupe: (key: string) => string;
    freeze: (scope: string) => string;
    freezeSources: (scope: string) => string;
    freezes: string;
    locale: (userId: string) => string;
    ref: (customerRef: string) => string;
    slaFacts: string;
  };

  constructor(
    readonly redis: Redis,
    prefix = 'sanad:',
  ) {
    this.k = {
      ticket: (id) => `${prefix}ticket:${id}`,
      source: (channelId, ts) => `${prefix}ticket-source:${channelId}:${ts}`,
      open: `${prefix}tickets:open`,
      all: `${prefix}tickets:all`,
      seq: `${prefix}seq:ticket`,
      ledger: `${prefix}ledger`,
      customer: (id) => `${prefix}customer:${id}`,
      customers: `${prefix}customers`,
      channel: (channelId) => `${prefix}channel-customer:${channelId}`,
      dedupe: (key) => `${prefix}dedupe:${key}`,
      freeze: (scope) => `${prefix}freeze:${scope}`,
      freezeSources: (scope) => `${prefix}freeze-sources:${scope}`,
      freezes: `${prefix}freezes`,
      locale: (userId) => `${prefix}locale:${userId}`,
      ref: (customerRef) => `${prefix}ticket-ref:${customerRef}`,
      slaFacts: `${prefix}ticket-sla`,
    };
  }

  async nextTicketId(): Promise<string> {
    const n = await this.redis.incr(this.k.seq);
    return `SND-${String(n).padStart(4, '0')}`;
  }

  /**
   * Stores a newly opened ticket. With `source`, returns the existing ticket's id instead
   * when that message already has one.
   */
  async createTicket(
    transition: Transition,
    openScore: number,
    source?: { channelId: string; ts: string },
  ): Promise<{ created: true; ticket: Ticket } | { created: false; existingId: string }> {
    const { ticket } = transition;
    const result = (await this.redis.eval(
      CREATE_TICKET_LUA,
      7,
      source ? this.k.source(source.channelId, source.ts) : '',
      this.k.ticket(ticket.id),
      this.k.open,
      this.k.all,
      this.k.ledger,
      this.k.ref(ticket.customerRef),
      this.k.slaFacts,
      ticket.id,
      JSON.stringify(ticket),
      String(openScore),
      String(ticket.createdAtMs),
      JSON.stringify(ticketSlaFacts(ticket)),
      ...transition.ledger.map((e) => JSON.stringify(ledgerFieldValues(e))),
    )) as string;
    if (result) return { created: false, existingId: result };
    return { created: true, ticket };
  }

  async ticketIdForSource(channelId: string, ts: string): Promise<string | null> {
    return this.redis.get(this.k.source(channelId, ts));
  }

  async ticketByCustomerRef(customerRef: string): Promise<Ticket | null> {
    const id = await this.redis.get(this.k.ref(customerRef));
    return id ? this.getTicket(id) : null;
  }

  async getTicket(id: string): Promise<Ticket | null> {
    const raw = await this.redis.get(this.k.ticket(id));
    return raw ? (JSON.parse(raw) as Ticket) : null;
  }

  async getTickets(ids: string[]): Promise<Ticket[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.k.ticket(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Ticket);
  }

  /**
   * Applies a pure transition atomically. `change` sees the latest stored ticket; the write
   * is a compare-and-set on the exact stored document (a Lua script, so it is safe on a
   * connection shared by concurrent requests), retried against the new state if another
   * writer got there first. Two simultaneous approvals therefore serialise and the second
   * sees "already approved". `change` may throw (a refusal) or return null (nothing to do).
   */
  async updateTicket(
    id: string,
    change: (ticket: Ticket) => Transition | null,
    openScore: (ticket: Ticket) => number | null,
    attempts = 50,
  ): Promise<{ ticket: Ticket; changed: boolean; previous: Ticket }> {
    const key = this.k.ticket(id);
    for (let attempt = 0; attempt < attempts; attempt++) {
      const raw = await this.redis.get(key);
      if (!raw) throw new NotFoundError(`No ticket ${id}`);
      const current = JSON.parse(raw) as Ticket;
      const transition = change(current);
      if (!transition) return { ticket: current, changed: false, previous: current };
      const score = openScore(transition.ticket);
      const ok = await writeDocument(this.redis, {
        key,
        expected: raw,
        next: JSON.stringify(transition.ticket),
        ops: [
          score === null
            ? { op: 'zrem', key: this.k.open, member: id }
            : { op: 'zadd', key: this.k.open, score, member: id },
          {
            op: 'hset',
            key: this.k.slaFacts,
            field: id,
            value: JSON.stringify(ticketSlaFacts(transition.ticket)),
          },
        ],
        ledgerKey: this.k.ledger,
        ledger: transition.ledger,
      });
      if (ok) return { ticket: transition.ticket, changed: true, previous: current };
    }
    throw new ConcurrentUpdateError(`Ticket ${id} kept changing; gave up after ${attempts} tries`);
  }

  async appendLedger(entries: LedgerEntry[]): Promise<void> {
    await appendLedgerEntries(this.redis, this.k.ledger, entries);
  }

  /**
   * Appends entries that record a Slack post, once per `postKey` (the post's metadata key):
   * the retry that finds the earlier post (postOnce) writes nothing more. False if already in.
   */
  async appendLedgerOnce(
    postKey: string,
    entries: LedgerEntry[],
    ttlSeconds = 365 * 24 * 3600,
  ): Promise<boolean> {
    return appendLedgerEntriesOnce(
      this.redis,
      this.k.dedupe(`ledger:${postKey}`),
      this.k.ledger,
      entries,
      ttlSeconds,
    );
  }

  async readLedger(
    options: { ticketId?: string; count?: number } = {},
  ): Promise<StoredLedgerEntry[]> {
    const entries = await readLedgerEntries(this.redis, this.k.ledger, options.count);
    return options.ticketId ? entries.filter((e) => e.ticketId === options.ticketId) : entries;
  }

  /** Open tickets ordered by their next SLA due time (earliest first). */
  async openTickets(limit = 200): Promise<Ticket[]> {
    const ids = await this.redis.zrange(this.k.open, '0', String(limit - 1));
    return this.getTickets(ids);
  }

  async openTicketCount(): Promise<number> {
    return this.redis.zcard(this.k.open);
  }

  /**
   * Visits the tickets created in [fromMs, toMs) in batches, so a report over a hundred
   * thousand tickets never holds them all in memory.
   */
  async forEachTicketCreatedBetween(
    fromMs: number,
    toMs: number,
    visit: (ticket: Ticket) => void,
    batchSize = 500,
  ): Promise<number> {
    let seen = 0;
    // Buffers: each document is decoded once, just before JSON.parse (a string reply would be
    // decoded by the client and then parsed: the same work, more garbage at once).
    const pages = this.pagesCreatedBetween(fromMs, toMs, batchSize, (ids) =>
      this.redis.mgetBuffer(...ids.map((id) => this.k.ticket(id))),
    );
    for await (const { loaded } of pages) {
      for (const raw of loaded) {
        if (raw === null) continue;
        visit(JSON.parse(raw.toString()) as Ticket);
        seen++;
      }
    }
    return seen;
  }

  /**
   * Visits the SLA facts of the tickets created in [fromMs, toMs): the small records kept
   * beside each ticket for reporting, so a report over a hundred thousand tickets reads a
   * few megabytes instead of every document. A ticket stored before the facts existed is
   * read whole.
   */
  async forEachSlaFactsCreatedBetween(
    fromMs: number,
    toMs: number,
    visit: (facts: TicketSlaFacts) => void,
    batchSize = 2000,
  ): Promise<number> {
    let seen = 0;
    const pages = this.pagesCreatedBetween(fromMs, toMs, batchSize, (ids) =>
      this.redis.hmget(this.k.slaFacts, ...ids),
    );
    for await (const { ids, loaded } of pages) {
      const missing: string[] = [];
      loaded.forEach((raw, i) => {
        if (raw === null) missing.push(ids[i]!);
        else {
          visit(JSON.parse(raw) as TicketSlaFacts);
          seen++;
        }
      });
      for (const ticket of await this.getTickets(missing)) {
        visit(ticketSlaFacts(ticket));
        seen++;
      }
    }
    return seen;
  }

  /**
   * The ids of the tickets created in [fromMs, toMs), oldest first, `batchSize` at a time,
   * each page with what `load` reads for it. The next page is on its way while the caller
   * reads this one (Redis gathers it on one core while this process parses on the other),
   * so at most two pages are in memory. Pages go by rank: Redis finds a rank at once, where
   * `LIMIT offset` walks the set to it (most of a 100k-ticket report's Redis time).
   */
  private async *pagesCreatedBetween<T>(
    fromMs: number,
    toMs: number,
    batchSize: number,
    load: (ids: string[]) => Promise<T[]>,
  ): AsyncGenerator<{ ids: string[]; loaded: T[] }> {
    const [before, inWindow] = await Promise.all([
      this.redis.zcount(this.k.all, '-inf', `(${fromMs}`),
      this.redis.zcount(this.k.all, String(fromMs), `(${toMs}`),
    ]);
    const end = before + inWindow;
    const page = async (start: number) => {
      const last = Math.min(end, start + batchSize) - 1;
      const ids = await this.redis.zrange(this.k.all, String(start), String(last));
      return { ids, loaded: ids.length > 0 ? await load(ids) : [] };
    };
    let next = before < end ? page(before) : undefined;
    for (let start = before; next !== undefined; start += batchSize) {
      const current = next;
      next = start + batchSize < end ? page(start + batchSize) : undefined;
      // (awaited on the next turn; if the caller stops first, its failure must not go unhandled)
      next?.catch(() => undefined);
      yield await current;
    }
  }

  async ticketsCreatedBetween(fromMs: number, toMs: number): Promise<Ticket[]> {
    const ids = await this.redis.zrangebyscore(this.k.all, String(fromMs), `(${toMs}`);
    return this.getTickets(ids);
  }

  // Customers ---------------------------------------------------------------------------

  async saveCustomer(customer: Customer): Promise<void> {
    const previous = await this.getCustomer(customer.id);
    const multi = this.redis.multi();
    for (const channelId of previous?.channelIds ?? []) {
      if (!customer.channelIds.includes(channelId)) multi.del(this.k.channel(channelId));
    }
    multi.set(this.k.customer(customer.id), JSON.stringify(customer));
    multi.sadd(this.k.customers, customer.id);
    for (const channelId of customer.channelIds) multi.set(this.k.channel(channelId), customer.id);
    await multi.exec();
  }

  async getCustomer(id: string): Promise<Customer | null> {
    const raw = await this.redis.get(this.k.customer(id));
    return raw ? (JSON.parse(raw) as Customer) : null;
  }

  async customerForChannel(channelId: string): Promise<Customer | null> {
    const id = await this.redis.get(this.k.channel(channelId));
    return id ? this.getCustomer(id) : null;
  }

  async listCustomers(): Promise<Customer[]> {
    const ids = (await this.redis.smembers(this.k.customers)).sort();
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(...ids.map((id) => this.k.customer(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Customer);
  }

  // Idempotency -------------------------------------------------------------------------

  /** True the first time a key is claimed (within ttl); false for a retry or double click. */
  async claimOnce(key: string, ttlSeconds = 24 * 3600, value = '1'): Promise<boolean> {
    const ok = await this.redis.set(this.k.dedupe(key), value, 'EX', ttlSeconds, 'NX');
    return ok === 'OK';
  }

  /**
   * Claims a one-time action for the caller: 'claimed' (go ahead; the claim is pending for
   * `ttlMs`, so a crashed holder blocks a retry no longer than that), 'busy' (someone else
   * is doing it now) or 'done' (it was done: `completeClaim` stored its result).
   */
  async claimForAction(key: string, ttlMs: number): Promise<'claimed' | 'busy' | 'done'> {
    return (await this.redis.eval(
      `local v = redis.call('GET', KEYS[1])
       if not v then redis.call('SET', KEYS[1], '${PENDING}', 'PX', ARGV[1]) return 'claimed' end
       if v == '${PENDING}' then return 'busy' end
       return 'done'`,
      1,
      this.k.dedupe(key),
      String(ttlMs),
    )) as 'claimed' | 'busy' | 'done';
  }

  async completeClaim(key: string, result: string, ttlSeconds = 365 * 24 * 3600): Promise<void> {
    await this.redis.set(this.k.dedupe(key), result, 'EX', ttlSeconds);
  }

  /** Gives a pending claim back (the action failed), so a retry need not wait for its TTL. */
  async releaseClaim(key: string): Promise<void> {
    await this.redis.eval(
      `if redis.call('GET', KEYS[1]) == '${PENDING}' then return redis.call('DEL', KEYS[1]) end return 0`,
      1,
      this.k.dedupe(key),
    );
  }

  async claimedValue(key: string): Promise<string | null> {
    return this.redis.get(this.k.dedupe(key));
  }

  async setClaimedValue(key: string, value: string, ttlSeconds = 24 * 3600): Promise<void> {
    await this.redis.set(this.k.dedupe(key), value, 'EX', ttlSeconds);
  }

  // Live-action freezes -----------------------------------------------------------------
  //
  // A scope (a customer id, or '*' for the workspace) may be frozen by several sources at once
  // (two SEV1 incidents for the same customer, the weekly SLA review): each source's freeze is
  // a field of the scope's hash, and the scope stays frozen until the last source is lifted.
  // (A scope frozen before sources were kept apart has a plain string key: it still counts,
  // and lifting its source removes it.)

  /** Freezes `scope` for `freeze.source` (again: replaces that source's reason). */
  async setFreeze(scope: string, freeze: Freeze): Promise<void> {
    await this.redis
      .multi()
      .hset(this.k.freezeSources(scope), freeze.source, JSON.stringify(freeze))
      .sadd(this.k.freezes, scope)
      .exec();
  }

  /** Lifts `source`'s freeze of `scope`; true when it had one. The scope stays frozen while
   *  another source holds it. */
  async liftFreeze(scope: string, source: string): Promise<boolean> {
    const lifted = await this.redis.eval(
      `local lifted = redis.call('HDEL', KEYS[1], ARGV[1])
       local legacy = redis.call('GET', KEYS[2])
       if legacy and cjson.decode(legacy).source == ARGV[1] then
         redis.call('DEL', KEYS[2])
         lifted = 1
       end
       if redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[2]) == 0 then
         redis.call('SREM', KEYS[3], ARGV[2])
       end
       return lifted`,
      3,
      this.k.freezeSources(scope),
      this.k.freeze(scope),
      this.k.freezes,
      source,
      scope,
    );
    return Number(lifted) > 0;
  }

  /** Every freeze of `scope`, oldest first. */
  async freezesOf(scope: string): Promise<Freeze[]> {
    const [sources, legacy] = await Promise.all([
      this.redis.hvals(this.k.freezeSources(scope)),
      this.redis.get(this.k.freeze(scope)),
    ]);
    const out = sources.map((raw) => JSON.parse(raw) as Freeze);
    if (legacy) out.push(JSON.parse(legacy) as Freeze);
    return out.sort((a, b) => a.since - b.since);
  }

  /** The freeze that applies to a customer: their own (the oldest, when several sources hold
   *  it), else the workspace-wide one. */
  async freezeFor(customerId: string | undefined): Promise<Freeze | null> {
    if (customerId) {
      const own = await this.freezesOf(customerId);
      if (own.length > 0) return own[0]!;
    }
    return (await this.freezesOf('*'))[0] ?? null;
  }

  async listFreezes(): Promise<Array<Freeze & { scope: string }>> {
    const scopes = await this.redis.smembers(this.k.freezes);
    const out: Array<Freeze & { scope: string }> = [];
    for (const scope of scopes) {
      for (const freeze of await this.freezesOf(scope)) out.push({ ...freeze, scope });
    }
    return out;
  }

  // User locale cache -------------------------------------------------------------------

  async cachedLocale(userId: string): Promise<string | null> {
    return this.redis.get(this.k.locale(userId));
  }

  async cacheLocale(userId: string, locale: string): Promise<void> {
    await this.redis.set(this.k.locale(userId), locale, 'EX', 24 * 3600);
  }
}
