/**
 * The one way Sanad writes a JSON document to Redis: a compare-and-set on the exact stored
 * document (or "only if absent"), with the index entries and the action-ledger entries that
 * go with it, in a single Lua step. A script is atomic on a connection shared by concurrent
 * requests, where WATCH/MULTI is not. Tickets, incidents and customer-ops documents all use
 * it, and all append to the same ledger stream.
 */
import type { Redis } from 'ioredis';
import type { LedgerEntry } from '../domain/index.ts';

/** An index change made in the same step as the document write. */
export type IndexOp =
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem' | 'sadd' | 'srem'; key: string; member: string }
  | { op: 'set'; key: string; value: string }
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'del'; key: string };

// KEYS[1] the document, KEYS[2] the ledger stream, KEYS[3..] index keys.
// ARGV[1] '1' to compare with ARGV[2], '0' to write only if absent; ARGV[3] the new document;
// ARGV[4] the index ops [keyIndex, op, ...args]; ARGV[5..] ledger entries (field/value lists).
const WRITE_DOCUMENT_LUA = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if cur ~= ARGV[2] then return 0 end
elseif cur then
  return 0
end
redis.call('SET', KEYS[1], ARGV[3])
for _, o in ipairs(cjson.decode(ARGV[4])) do
  local k, op = KEYS[o[1]], o[2]
  if op == 'zadd' then redis.call('ZADD', k, o[3], o[4])
  elseif op == 'zrem' then redis.call('ZREM', k, o[3])
  elseif op == 'sadd' then redis.call('SADD', k, o[3])
  elseif op == 'srem' then redis.call('SREM', k, o[3])
  elseif op == 'set' then redis.call('SET', k, o[3])
  elseif op == 'hset' then redis.call('HSET', k, o[3], o[4])
  elseif op == 'del' then redis.call('DEL', k)
  end
end
for i = 5, #ARGV do
  redis.call('XADD', KEYS[2], '*', unpack(cjson.decode(ARGV[i])))
end
return 1
`;

/** A ledger entry as the stream's field/value list (incident entries also carry `incident`). */
export function ledgerFieldValues(entry: LedgerEntry): string[] {
  const fields = [
    'action',
    entry.action,
    'actor',
    entry.actor,
    'at',
    String(entry.atMs),
    'ticket',
    entry.ticketId ?? '',
    'details',
    JSON.stringify(entry.details ?? {}),
  ];
  const incidentId = entry.details?.incidentId;
  if (typeof incidentId === 'string') fields.push('incident', incidentId);
  return fields;
}

export interface DocumentWrite {
  key: string;
  /** The stored document the change was computed from; null means "only if absent". */
  expected: string | null;
  next: string;
  ops?: IndexOp[];
  ledgerKey: string;
  ledger?: LedgerEntry[];
}

function opArguments(o: IndexOp): string[] {
  switch (o.op) {
    case 'zadd':
      return [o.op, String(o.score), o.member];
    case 'zrem':
    case 'sadd':
    case 'srem':
      return [o.op, o.member];
    case 'set':
      return [o.op, o.value];
    case 'hset':
      return [o.op, o.field, o.value];
    case 'del':
      return [o.op];
  }
}

/** Writes the document, its index entries and ledger entries; false if it changed meanwhile. */
export async function writeDocument(redis: Redis, write: DocumentWrite): Promise<boolean> {
  const indexKeys = (write.ops ?? []).map((o) => o.key);
  // Each op names its key by position in KEYS (the document and the ledger come first).
  const ops = (write.ops ?? []).map((o, i) => [i + 3, ...opArguments(o)]);
  const ok = await redis.eval(
    WRITE_DOCUMENT_LUA,
    2 + indexKeys.length,
    write.key,
    write.ledgerKey,
    ...indexKeys,
    write.expected === null ? '0' : '1',
    write.expected ?? '',
    write.next,
    JSON.stringify(ops),
    ...(write.ledger ?? []).map((e) => JSON.stringify(ledgerFieldValues(e))),
  );
  return ok === 1;
}

/** Appends ledger entries that go with no document change. */
export async function appendLedgerEntries(
  redis: Redis,
  ledgerKey: string,
  entries: LedgerEntry[],
): Promise<void> {
  if (entries.length === 0) return;
  const multi = redis.multi();
  for (const e of entries) multi.xadd(ledgerKey, '*', ...ledgerFieldValues(e));
  await multi.exec();
}

const APPEND_ONCE_LUA = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
for i = 2, #ARGV do
  redis.call('XADD', KEYS[2], '*', unpack(cjson.decode(ARGV[i])))
end
return 1
`;

/**
 * Appends ledger entries once per `onceKey`, in one atomic step with the key that marks them
 * written: a job retried after its entries went in (a lost answer, a crash) writes none again.
 * False if they were already written.
 */
export async function appendLedgerEntriesOnce(
  redis: Redis,
  onceKey: string,
  ledgerKey: string,
  entries: LedgerEntry[],
  ttlSeconds: number,
): Promise<boolean> {
  const ok = await redis.eval(
    APPEND_ONCE_LUA,
    2,
    onceKey,
    ledgerKey,
    String(ttlSeconds),
    ...entries.map((e) => JSON.stringify(ledgerFieldValues(e))),
  );
  return ok === 1;
}

export interface StoredLedgerEntry extends LedgerEntry {
  id: string;
  incidentId?: string;
}

/** Reads the ledger stream back (oldest first). */
export async function readLedgerEntries(
  redis: Redis,
  ledgerKey: string,
  count = 10_000,
): Promise<StoredLedgerEntry[]> {
  const rows = await redis.xrange(ledgerKey, '-', '+', 'COUNT', count);
  return rows.map(([id, fields]) => {
    const map = new Map<string, string>();
    for (let i = 0; i < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
    return {
      id,
      action: map.get('action') ?? '',
      actor: map.get('actor') ?? '',
      atMs: Number(map.get('at')),
      ticketId: map.get('ticket') || undefined,
      incidentId: map.get('incident') || undefined,
      details: JSON.parse(map.get('details') || '{}') as Record<string, unknown>,
    };
  });
}
