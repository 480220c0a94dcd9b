import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approveDraft,
  openIncident,
  openTicket,
  type Ticket,
  TicketRefusal,
  triageIncident,
} from '../../src/domain/index.ts';
import { connectRedis, RedisUnavailableError } from '../../src/infra/redis.ts';
import { freePort } from '../../src/infra/redisServer.ts';
import { IncidentStore } from '../../src/store/incidentStore.ts';
import { SanadStore } from '../../src/store/redisStore.ts';
import { startTestRedis } from '../support/redis.ts';

let redisServer: Awaited<ReturnType<typeof startTestRedis>>;

beforeAll(async () => {
  redisServer = await startTestRedis();
});
afterAll(async () => {
  await redisServer.cleanup();
});

function opened(id: string, atMs = 1_000) {
  return openTicket({
    id,
    text: 'النظام ارسل رسائل بدون موافقه',
    language: 'ar',
    classification: { priority: 'P0', matchedRule: 'keyword', reasonAr: 'س', reasonEn: 'r' },
    firstResponseText: 'نعتذر، نعمل على ذلك.',
    violations: [],
    source: { kind: 'message_shortcut', userId: 'UCUST', channelId: 'CCUST', messageTs: '1.1' },
    replyTarget: { kind: 'slack', channelId: 'CCUST', threadTs: '1.1' },
    customerRef: `ref-${id}`,
    atMs,
  });
}

const founder = { userId: 'UFOUNDER', isFounder: true, isApprover: true };

describe('Redis store', () => {
  it('creates one ticket per source message, atomically', async () => {
    const redis = await connectRedis(redisServer.url);
    const store = new SanadStore(redis, 'atomic:');
    const results = await Promise.all(
      ['A1', 'A2', 'A3', 'A4'].map((id) =>
        store.createTicket(opened(id), 1, { channelId: 'CCUST', ts: '1.1' }),
      ),
    );
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const winner = (created[0] as { ticket: Ticket }).ticket.id;
    for (const r of results) if (!r.created) expect(r.existingId).toBe(winner);
    expect(await store.openTicketCount()).toBe(1);
    redis.disconnect();
  });

  it('serialises racing approvals: one wins, the other is refused, the ledger has one approval', async () => {
    const redis = await connectRedis(redisServer.url);
    const store = new SanadStore(redis, 'race:');
    await store.createTicket(opened('R1'), 1);
    // Concurrent requests share one connection in the app, so race on one connection too.
    const others = [redis.duplicate()];
    const stores = [store, store, new SanadStore(others[0]!, 'race:')];
    const outcomes = await Promise.allSettled(
      stores.map((s) =>
        s.updateTicket(
          'R1',
          (t) => approveDraft(t, t.draft.seq, founder, 2_000),
          () => 1,
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(rejected).toHaveLength(2);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(TicketRefusal);
    const approvals = (await store.readLedger({ ticketId: 'R1' })).filter(
      (e) => e.action === 'draft.approved',
    );
    expect(approvals).toHaveLength(1);
    for (const r of others) r.disconnect();
    redis.disconnect();
  });

  it('keeps tickets and the ledger across a redis-server restart (AOF)', async () => {
    const redis = await connectRedis(redisServer.url);
    const store = new SanadStore(redis, 'aof:');
    await store.createTicket(opened('K1'), 1);
    await redisServer.restart();
    // The same client reconnects by itself and finds the ticket.
    expect((await store.getTicket('K1'))?.id).toBe('K1');
    expect((await store.readLedger({ ticketId: 'K1' })).map((e) => e.action)).toContain(
      'ticket.opened',
    );
    redis.disconnect();
  });

  it("keeps each ticket's SLA facts in step with it, for reports that do not load tickets whole", async () => {
    const redis = await connectRedis(redisServer.url);
    const store = new SanadStore(redis, 'facts:');
    await store.createTicket(opened('F1', 5_000), 1);
    await store.updateTicket(
      'F1',
      (t) => approveDraft(t, t.draft.seq, founder, 6_000),
      () => 1,
    );
    await store.updateTicket(
      'F1',
      (t) => ({ ticket: { ...t, firstResponseAtMs: 7_000 }, ledger: [] }),
      () => 1,
    );
    // A ticket written before facts existed is still reported, read whole.
    await store.createTicket(opened('F2', 5_500), 1);
    await redis.hdel('facts:ticket-sla', 'F2');
    const seen: Array<{ id: string; firstResponseAtMs?: number }> = [];
    const count = await store.forEachSlaFactsCreatedBetween(0, 10_000, (f) => seen.push(f));
    expect(count).toBe(2);
    expect(seen).toEqual([
      expect.objectContaining({
        id: 'F1',
        priority: 'P0',
        createdAtMs: 5_000,
        firstResponseAtMs: 7_000,
      }),
      expect.objectContaining({ id: 'F2', createdAtMs: 5_500 }),
    ]);
    redis.disconnect();
  });

  it('walks the tickets of a window page by page: each once, oldest first, none outside it', async () => {
    const redis = await connectRedis(redisServer.url);
    const store = new SanadStore(redis, 'pages:');
    // 23 tickets a second apart; the window [3 s, 20 s) holds 17, in pages of 5 (and one of 2).
    for (let i = 0; i < 23; i++) {
      await store.createTicket(opened(`P${String(i).padStart(2, '0')}`, i * 1_000), 1);
    }
    const inWindow = Array.from({ length: 17 }, (_, i) => `P${String(i + 3).padStart(2, '0')}`);
    const facts: string[] = [];
    expect(
      await store.forEachSlaFactsCreatedBetween(3_000, 20_000, (f) => facts.push(f.id), 5),
    ).toBe(17);
    expect(facts).toEqual(inWindow);
    const tickets: string[] = [];
    expect(
      await store.forEachTicketCreatedBetween(3_000, 20_000, (t) => tickets.push(t.id), 5),
    ).toBe(17);
    expect(tickets).toEqual(inWindow);
    // An empty window, and one that ends on a page boundary.
    expect(await store.forEachSlaFactsCreatedBetween(50_000, 60_000, () => undefined, 5)).toBe(0);
    expect(await store.forEachTicketCreatedBetween(0, 10_000, () => undefined, 5)).toBe(10);
    redis.disconnect();
  });

  it('lists incidents awaiting approval, also those stored before that list existed', async () => {
    const redis = await connectRedis(redisServer.url);
    const incidents = new IncidentStore(redis, 'awaiting:');
    const declare = (id: string, hasDataLeak: boolean) =>
      openIncident({
        id,
        triage: triageIncident({ title: 'Export problem', hasDataLeak }),
        declaredBy: 'UDECL',
        atMs: 1_000,
        language: 'en',
        affectedCustomerIds: ['acme'],
        affectedCustomerNames: { acme: 'Acme' },
        pdplNotice: hasDataLeak ? { en: 'Dear customer, …' } : undefined,
      });
    await incidents.createIncident(declare('INC-20261122-001', true));
    await incidents.createIncident(declare('INC-20261122-002', false));
    const waiting = async () => (await incidents.incidentsAwaitingApproval()).map((i) => i.id);
    // The PDPL notice waits; the other incident has nothing to approve yet.
    expect(await waiting()).toEqual(['INC-20261122-001']);
    // As an earlier version left Redis: no list, no marker.
    await redis.del('awaiting:incidents:awaiting-approval');
    expect(await waiting()).toEqual([]);
    expect(await incidents.indexAwaitingApprovalOnce()).toBe(1);
    expect(await waiting()).toEqual(['INC-20261122-001']);
    expect(await incidents.indexAwaitingApprovalOnce()).toBe(0);
    redis.disconnect();
  });

  it('keeps a scope frozen until every source that froze it is lifted, also a freeze stored before sources were kept apart', async () => {
    const redis = await connectRedis(redisServer.url);
    const store = new SanadStore(redis, 'freezes:');
    const freeze = (source: string, since: number) => ({
      reasonAr: source,
      reasonEn: source,
      since,
      by: 'UFOUNDER',
      source,
    });
    // As an earlier version left Redis: one plain key per scope.
    await redis.set('freezes:freeze:acme', JSON.stringify(freeze('incident:INC-1', 1_000)));
    await redis.sadd('freezes:freezes', 'acme');
    await store.setFreeze('acme', freeze('incident:INC-2', 2_000));
    await store.setFreeze('*', freeze('weekly-sla-review', 3_000));
    expect((await store.freezeFor('acme'))?.source).toBe('incident:INC-1'); // the oldest
    expect((await store.listFreezes()).map((f) => `${f.scope} ${f.source}`).sort()).toEqual([
      '* weekly-sla-review',
      'acme incident:INC-1',
      'acme incident:INC-2',
    ]);
    expect(await store.liftFreeze('acme', 'incident:INC-9')).toBe(false);
    expect(await store.liftFreeze('acme', 'incident:INC-1')).toBe(true);
    expect((await store.freezeFor('acme'))?.source).toBe('incident:INC-2');
    expect(await store.liftFreeze('acme', 'incident:INC-2')).toBe(true);
    // Only the workspace-wide freeze is left, and it still applies to the customer.
    expect((await store.freezeFor('acme'))?.source).toBe('weekly-sla-review');
    expect(await redis.smembers('freezes:freezes')).toEqual(['*']);
    expect(await store.liftFreeze('*', 'weekly-sla-review')).toBe(true);
    expect(await store.freezeFor('acme')).toBeNull();
    expect(await store.listFreezes()).toEqual([]);
    redis.disconnect();
  });

  it('says clearly when Redis is unreachable', async () => {
    const port = await freePort();
    await expect(connectRedis(`redis://127.0.0.1:${port}`, 1500)).rejects.toThrow(
      RedisUnavailableError,
    );
    await expect(connectRedis(`redis://:pw123456@127.0.0.1:${port}`, 1500)).rejects.toThrow(
      /Cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1/,
    );
  });
});
