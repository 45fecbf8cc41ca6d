import { CompiledQuery } from 'kysely';
import type pg from 'pg';
import { statementRunner, type Tx } from '../db/database.js';
import type { Logger } from '../logging/logger.js';

/**
 * The inbox (table `inbox_items`): what a channel delivered and Sigilo acknowledged, waiting to be
 * ingested. It is a queue like pg-boss's, cut to what the busiest path needs: a row is inserted
 * when the webhook is acknowledged (concurrent puts share one INSERT), claimed with a lease, and
 * deleted once handled, and nothing else. pg-boss's fetch, complete and archive cost about three
 * times the database work per notification (docs/benchmarks.md, ingest).
 *
 * Payloads are opaque bytes: callers seal them (sealForOrganization); `route` is a routing id such
 * as a channel id, never personal data. Handlers must be idempotent: a crash after handling and
 * before the delete, or a lease that runs out, hands the item out again.
 */
export interface InboxItem {
  id: string;
  orgId: string;
  route: string;
  payload: Buffer;
  /** 1 on the first claim. */
  attempts: number;
  createdAt: Date;
}

export interface InboxEntry {
  orgId: string;
  route: string;
  payload: Buffer;
}

/** What a handler reports: the items that failed (retried with backoff); the others are deleted. */
export type InboxHandler<P = undefined> = (items: InboxItem[], prepared: P | undefined) => Promise<{ failed: Array<{ id: string; error: unknown }> }>;

export interface InboxWorkOptions {
  batchSize: number;
  /** Independent claim loops (one is enough on embedded PGlite, which runs one statement at a time). */
  loops?: number;
  /** Sleep when the queue is empty, unless a put in this process wakes the loop first. */
  idleMs?: number;
  /** After a small batch, wait this long so the next one is bigger (fewer round trips per item). */
  lingerMs?: number;
  /** Claims before an item is set aside as dead (kept, logged, never picked up again). */
  maxAttempts?: number;
  /** How long a claim keeps an item from other loops and nodes. */
  leaseSeconds?: number;
}

export interface InboxPipeline<P> {
  /**
   * CPU work on a batch (opening, detection) done while the previous batch is still being
   * handled: the loop's database work stays one batch at a time, its CPU work overlaps it.
   * Its result reaches the handler; when it throws, the handler gets nothing and does it itself.
   */
  prepare(items: InboxItem[]): Promise<P>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Retry delay after the n-th failed attempt: 2, 4, 8 … seconds, at most five minutes. */
export const retryDelaySeconds = (attempts: number) => Math.min(300, 2 ** Math.max(1, attempts));
const MAX_GROUP = 500;
const ANNOUNCE_EVERY_MS = 20;
/** Items set aside stay this long for an operator to look at (by id, error and time), then go. */
export const DEAD_ITEM_DAYS = 7;
const PURGE_EVERY_MS = 10 * 60_000;
/**
 * Deleted rows a loop's claims wade through until a vacuum removes them: the claim reads every index
 * entry and heap page of the queue, dead ones included. Autovacuum looks at a database once a minute
 * (PGlite has none; the embedded maintenance pass comes every five minutes), so at a thousand
 * messages a second a claim walked tens of thousands of dead rows; after this many deletes the
 * process vacuums the table itself (a few milliseconds each).
 */
export const VACUUM_EVERY_DELETES = 1_000;

type Runner = (text: string, values: unknown[]) => Promise<pg.QueryResult>;
/**
 * Runs a statement outside any transaction block (VACUUM cannot run inside one) and returns the
 * severities of the notices the server sent with it.
 */
export type Maintainer = (text: string) => Promise<string[]>;

/** A Maintainer on a pool: one client, so the statement's notices can be heard. */
export function poolMaintainer(pool: pg.Pool): Maintainer {
  return async (text) => {
    const client = await pool.connect();
    const severities: string[] = [];
    const onNotice = (n: { severity?: string }) => severities.push(n.severity ?? '');
    client.on('notice', onNotice);
    try {
      await client.query(text);
    } finally {
      client.off('notice', onNotice);
      client.release();
    }
    return severities;
  };
}

export class Inbox {
  private readonly waiting = new Map<string, { items: Array<InboxEntry & { resolve: () => void; reject: (err: unknown) => void }>; flushing: boolean }>();
  private readonly wakers = new Map<string, Set<() => void>>();
  private readonly loops: Promise<void>[] = [];
  private stopping = false;
  private lastPurge = 0;
  private readonly lastAnnounced = new Map<string, number>();
  /** An announcement held back by the interval, due at its end. */
  private readonly heldAnnouncements = new Map<string, NodeJS.Timeout>();
  /** Wake-ups per queue: a loop that saw one arrive during its claim does not go idle after it. */
  private readonly wakeCount = new Map<string, number>();
  /** Tells other nodes that a queue has new items (set when nodes share realtime events). */
  announce?: (queue: string) => void;
  /** Deletes (all queues) after which this process vacuums the table; see VACUUM_EVERY_DELETES. */
  vacuumEveryDeletes = VACUUM_EVERY_DELETES;
  private deletedSinceVacuum = 0;
  private vacuuming: Promise<void> | null = null;
  /** Set when the server refused to vacuum (the user does not own the table): autovacuum only. */
  private vacuumRefused = false;

  constructor(private readonly run: Runner, private readonly logger: Logger, private readonly maintain?: Maintainer) {}

  /** On embedded PGlite a parameterised statement runs in a transaction of its own (statementRunner). */
  static forPool(pool: pg.Pool, logger: Logger, options: { embedded: boolean }): Inbox {
    return new Inbox(statementRunner(pool, options), logger, poolMaintainer(pool));
  }

  /**
   * Puts one item, committed with the others that arrive while an insert is in flight (group
   * commit). Resolves once it is committed: only then may the channel be acknowledged.
   */
  put(queue: string, entry: InboxEntry): Promise<void> {
    let slot = this.waiting.get(queue);
    if (!slot) this.waiting.set(queue, (slot = { items: [], flushing: false }));
    const promise = new Promise<void>((resolve, reject) => slot!.items.push({ ...entry, resolve, reject }));
    if (!slot.flushing) void this.flush(queue, slot);
    return promise;
  }

  /** Puts items now, inside `tx` when given, not before `availableAt` when given. */
  async putMany(queue: string, entries: InboxEntry[], options: { tx?: Tx; availableAt?: Date } = {}): Promise<void> {
    if (!entries.length) return;
    const { text, values } = insertStatement(queue, entries, options.availableAt);
    if (options.tx) await options.tx.executeQuery(CompiledQuery.raw(text, values));
    else await this.run(text, values);
    this.wake(queue);
    // Inside a transaction the items are not visible until it commits; the poll finds them then.
    if (!options.tx && !options.availableAt) this.announceThrottled(queue);
  }

  private async flush(queue: string, slot: { items: Array<InboxEntry & { resolve: () => void; reject: (err: unknown) => void }>; flushing: boolean }): Promise<void> {
    slot.flushing = true;
    try {
      while (slot.items.length) {
        const batch = slot.items.splice(0, MAX_GROUP);
        try {
          const { text, values } = insertStatement(queue, batch);
          await this.run(text, values);
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
    } finally {
      slot.flushing = false;
    }
    this.wake(queue);
    this.announceThrottled(queue);
  }

  /**
   * A worker node idles between polls of an empty queue; an API node's puts wake it through the
   * nodes' event relay, at most once per interval per queue (under load the queue is never empty,
   * and the relay costs one NOTIFY per announcement).
   */
  private announceThrottled(queue: string): void {
    if (!this.announce || this.stopping) return;
    const wait = (this.lastAnnounced.get(queue) ?? -Infinity) + ANNOUNCE_EVERY_MS - performance.now();
    const held = this.heldAnnouncements.get(queue);
    if (wait <= 0) {
      // A held announcement whose timer is late (a busy event loop) is this one.
      clearTimeout(held);
      this.heldAnnouncements.delete(queue);
      this.lastAnnounced.set(queue, performance.now());
      this.announce(queue);
      return;
    }
    // Within the interval: announce once at its end. Dropping it would leave the last put of a
    // burst to a worker node's next poll (up to idleMs later) if the node went idle meanwhile.
    if (held) return;
    const timer = setTimeout(() => {
      this.heldAnnouncements.delete(queue);
      if (this.stopping) return;
      this.lastAnnounced.set(queue, performance.now());
      this.announce?.(queue);
    }, wait);
    timer.unref();
    this.heldAnnouncements.set(queue, timer);
  }

  /** Wakes this process's loops on `queue` (another node announced new items). */
  wake(queue: string): void {
    this.wakeCount.set(queue, (this.wakeCount.get(queue) ?? 0) + 1);
    for (const waker of this.wakers.get(queue) ?? []) waker();
  }

  /** Waits `ms`, or less when an item is put into `queue` by this process or announced by another node. */
  private idle(queue: string, ms: number, wakesSeen: number): Promise<void> {
    // A wake-up between the claim and now (a put the claim's snapshot did not see): look again at once.
    if ((this.wakeCount.get(queue) ?? 0) !== wakesSeen) return Promise.resolve();
    return new Promise((resolve) => {
      let wakers = this.wakers.get(queue);
      if (!wakers) this.wakers.set(queue, (wakers = new Set()));
      const done = () => {
        clearTimeout(timer);
        wakers!.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  /**
   * Claims up to `limit` available items of `queue` for `leaseSeconds`, oldest first. `completed`
   * (handled items, still leased) are deleted by the same statement: a work loop's deletes ride on
   * its next claim, one statement and one commit fewer per batch.
   */
  async claim(queue: string, limit: number, leaseSeconds = 60, completed: string[] = []): Promise<InboxItem[]> {
    const result = await this.run(
      `WITH done AS (DELETE FROM inbox_items WHERE id = ANY($4::bigint[]))
       UPDATE inbox_items SET attempts = attempts + 1, available_at = now() + make_interval(secs => $3)
        WHERE id IN (
          SELECT id FROM inbox_items
           WHERE queue = $1 AND dead_at IS NULL AND available_at <= now() AND id <> ALL($4::bigint[])
           ORDER BY id LIMIT $2
           FOR UPDATE SKIP LOCKED)
        RETURNING id, org_id, route, payload, attempts, created_at`,
      [queue, limit, leaseSeconds, completed],
    );
    this.deleted(completed.length);
    return (result.rows as Array<{ id: string; org_id: string; route: string; payload: Buffer; attempts: number; created_at: Date }>)
      .map((r) => ({ id: String(r.id), orgId: r.org_id, route: r.route, payload: r.payload, attempts: r.attempts, createdAt: r.created_at }))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  }

  /** Deletes handled items. */
  async complete(ids: string[]): Promise<void> {
    if (ids.length) await this.run('DELETE FROM inbox_items WHERE id = ANY($1::bigint[])', [ids]);
    this.deleted(ids.length);
  }

  /**
   * Counts deletes and vacuums the table after every `vacuumEveryDeletes` of them, in the
   * background, one at a time. SKIP_LOCKED: when autovacuum or another node is at it already,
   * this one is skipped. TRUNCATE false: giving pages back to the file system takes a lock that
   * would hold up the puts for a moment, and a queue fills the same pages again. A user that does
   * not own the table gets a WARNING instead of a vacuum: logged once, and not tried again.
   */
  private deleted(n: number): void {
    this.deletedSinceVacuum += n;
    if (this.deletedSinceVacuum < this.vacuumEveryDeletes || this.vacuuming || !this.maintain || this.vacuumRefused || this.stopping) return;
    this.deletedSinceVacuum = 0;
    this.vacuuming = this.maintain('VACUUM (SKIP_LOCKED, TRUNCATE false) inbox_items')
      .then(
        (severities) => {
          if (!severities.includes('WARNING')) return;
          this.vacuumRefused = true;
          this.logger.warn('inbox vacuum refused by the database (the user Sigilo connects as does not own inbox_items); claims rely on autovacuum');
        },
        (err: unknown) => this.logger.warn({ err: summary(err) }, 'inbox vacuum failed; tried again after the next deletes'),
      )
      .finally(() => (this.vacuuming = null));
  }

  /** Puts a failed item back with backoff, or sets it aside once its attempts ran out. */
  async fail(item: InboxItem, error: unknown, maxAttempts: number): Promise<'retry' | 'dead'> {
    const dead = item.attempts >= maxAttempts;
    await this.run(
      `UPDATE inbox_items SET available_at = now() + make_interval(secs => $2), last_error = $3, dead_at = CASE WHEN $4 THEN now() END WHERE id = $1`,
      [item.id, retryDelaySeconds(item.attempts), errorSummary(error), dead],
    );
    return dead ? 'dead' : 'retry';
  }

  /**
   * Works `queue` with independent claim loops: each claims a batch, hands it to `handler`,
   * deletes what succeeded and puts back what failed. With `pipeline`, a loop claims and prepares
   * its next batch while the handler still works on the previous one.
   */
  work<P = undefined>(queue: string, handler: InboxHandler<P>, options: InboxWorkOptions & { pipeline?: InboxPipeline<P> }): void {
    const idleMs = options.idleMs ?? 250;
    const maxAttempts = options.maxAttempts ?? 10;
    const settle = async (items: InboxItem[], prepared: P | undefined, markDone: (id: string) => void) => {
      let failed: Array<{ id: string; error: unknown }>;
      try {
        failed = (await handler(items, prepared)).failed;
      } catch (err) {
        failed = items.map((i) => ({ id: i.id, error: err }));
      }
      const failedIds = new Map(failed.map((f) => [f.id, f.error]));
      // Handled items stay leased until the loop's next claim deletes them.
      for (const i of items) if (!failedIds.has(i.id)) markDone(i.id);
      try {
        for (const item of items.filter((i) => failedIds.has(i.id))) {
          const outcome = await this.fail(item, failedIds.get(item.id), maxAttempts);
          const log = { err: summary(failedIds.get(item.id)), queue, itemId: item.id, attempts: item.attempts };
          if (outcome === 'dead') this.logger.error(log, 'inbox item failed for the last time; set aside');
          else this.logger.warn(log, 'inbox item failed; it will be retried');
        }
      } catch (err) {
        // The items stay claimed until their lease runs out, then come back; handlers are idempotent.
        this.logger.warn({ err: summary(err), queue }, 'inbox completion failed');
      }
    };
    const loop = async () => {
      // The previous batch's handling, still running while this loop prepares the next one.
      let handling: Promise<void> = Promise.resolve();
      // Handled ids not yet deleted: the next claim deletes them. (A settling batch pushes to
      // whichever array is current when it finishes, never to one a claim already took.)
      let done: string[] = [];
      const markDone = (id: string) => done.push(id);
      while (!this.stopping) {
        if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
          this.lastPurge = Date.now();
          await this.purgeDead().catch((err) => this.logger.warn({ err: summary(err), queue }, 'inbox purge failed'));
        }
        let items: InboxItem[];
        const completed = done;
        done = [];
        const wakesSeen = this.wakeCount.get(queue) ?? 0;
        try {
          items = await this.claim(queue, options.batchSize, options.leaseSeconds ?? 60, completed);
        } catch (err) {
          done.push(...completed);
          this.logger.warn({ err: summary(err), queue }, 'inbox claim failed');
          await handling;
          await this.idle(queue, idleMs, wakesSeen);
          continue;
        }
        if (!items.length) {
          await handling;
          if (done.length) continue; // the last batch's deletes go now, not after the idle wait
          await this.idle(queue, idleMs, wakesSeen);
          continue;
        }
        let prepared: P | undefined;
        if (options.pipeline) {
          try {
            prepared = await options.pipeline.prepare(items);
          } catch (err) {
            this.logger.warn({ err: summary(err), queue }, 'inbox batch could not be prepared ahead; the handler does it');
          }
        }
        await handling;
        handling = settle(items, prepared, markDone);
        if (!options.pipeline) await handling;
        if (options.lingerMs && items.length < options.batchSize / 4) await sleep(options.lingerMs);
      }
      await handling;
      await this.complete(done).catch((err) => this.logger.warn({ err: summary(err), queue }, 'inbox completion failed'));
    };
    for (let i = 0; i < Math.max(1, options.loops ?? 1); i++) this.loops.push(loop());
  }

  /** Deletes items set aside more than DEAD_ITEM_DAYS ago. */
  async purgeDead(): Promise<number> {
    const result = await this.run(`DELETE FROM inbox_items WHERE dead_at < now() - make_interval(days => $1)`, [DEAD_ITEM_DAYS]);
    return result.rowCount ?? 0;
  }

  /** One queue's waiting items (claimed ones included) and set-aside items. */
  async depth(queue: string): Promise<{ waiting: number; dead: number }> {
    const q = (await this.summary()).find((s) => s.queue === queue);
    return { waiting: q?.waiting ?? 0, dead: q?.dead ?? 0 };
  }

  /**
   * Every queue's waiting items (claimed ones included) and set-aside items, and how long its oldest
   * claimable item has waited (claimed, handled-but-not-yet-deleted and backed-off items excluded):
   * how far storing is behind. For /metrics.
   */
  async summary(): Promise<Array<{ queue: string; waiting: number; dead: number; oldestWaitingSeconds: number }>> {
    const { rows } = await this.run(
      `SELECT queue, count(*) FILTER (WHERE dead_at IS NULL)::int AS waiting, count(*) FILTER (WHERE dead_at IS NOT NULL)::int AS dead,
              COALESCE(EXTRACT(EPOCH FROM now() - min(created_at) FILTER (WHERE dead_at IS NULL AND available_at <= now())), 0)::float8 AS oldest
         FROM inbox_items GROUP BY queue`,
      [],
    );
    return (rows as Array<{ queue: string; waiting: number; dead: number; oldest: number }>).map((r) => ({ queue: r.queue, waiting: r.waiting, dead: r.dead, oldestWaitingSeconds: r.oldest }));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const timer of this.heldAnnouncements.values()) clearTimeout(timer);
    this.heldAnnouncements.clear();
    for (const wakers of this.wakers.values()) for (const wake of [...wakers]) wake();
    await Promise.all(this.loops);
    // The pool closes after this: a vacuum in flight finishes first.
    await this.vacuuming;
  }
}

function insertStatement(queue: string, entries: InboxEntry[], availableAt?: Date): { text: string; values: unknown[] } {
  const values: unknown[] = [queue];
  if (availableAt) values.push(availableAt);
  const at = availableAt ? '$2' : 'now()';
  const rows = entries.map((e) => {
    values.push(e.orgId, e.route, e.payload);
    const n = values.length;
    return `($${n - 2}::uuid, $1, $${n - 1}, $${n}, ${at})`;
  });
  return { text: `INSERT INTO inbox_items (org_id, queue, route, payload, available_at) VALUES ${rows.join(', ')}`, values };
}

/** What a failed item keeps: the error's name and code, never a message that could quote data. */
function errorSummary(err: unknown): string {
  const e = err as { name?: string; code?: string };
  return [e?.name ?? 'Error', e?.code].filter(Boolean).join(' ');
}

const summary = (err: unknown) => ({ name: (err as Error)?.name, code: (err as { code?: string })?.code });
