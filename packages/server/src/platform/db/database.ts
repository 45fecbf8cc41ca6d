import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { migrate, type MigrationHooks } from './migrate.js';
import { scheduleEmbeddedMaintenance } from './maintain-embedded-database.js';
import type { Logger } from '../logging/logger.js';

// int8 (audit sequence numbers, counts) as JS numbers: they stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

export type Tx = Transaction<DB>;

/** The socket folder of another live process serving this embedded data folder, if any. */
function runningEmbeddedSocket(dir: string): string | null {
  const lockFile = join(resolve(dir), 'embedded.json');
  if (!existsSync(lockFile)) return null;
  try {
    const { pid, socketDir } = JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number; socketDir: string };
    if (pid === process.pid) return null;
    process.kill(pid, 0); // throws when the process is gone
    return existsSync(join(socketDir, '.s.PGSQL.5432')) ? socketDir : null;
  } catch {
    return null;
  }
}

export interface DatabaseOptions {
  /** A real PostgreSQL server. */
  url?: string;
  /** Embedded PGlite: its data folder, or 'memory' for a throw-away database (tests). */
  embeddedDir?: string | 'memory';
  poolSize?: number;
  /** Where the embedded database's maintenance reports (maintain-embedded-database.ts). */
  logger?: Logger;
}

/**
 * Plans are made per call, never cached as generic plans. Foreign-key checks run cached plans; a
 * generic one made while the referenced table was nearly empty probed a secondary index on org_id
 * and kept it as the table grew, reading every row of the organisation per check (docs/benchmarks.md).
 */
const PLAN_CACHE_MODE = 'force_custom_plan';

const committedCallbacks = new WeakMap<Tx, Array<() => void>>();

/**
 * Runs `fn` once the transaction `tx` has committed (never if it rolls back): for side effects
 * others must not see before the data is visible, such as realtime pushes.
 */
export function afterCommit(tx: Tx, fn: () => void): void {
  const callbacks = committedCallbacks.get(tx);
  if (callbacks) callbacks.push(fn);
  else fn(); // not one of ours (a test's own transaction): nothing to wait for
}

function runCommitted(callbacks: Array<() => void>): void {
  for (const fn of callbacks) {
    try {
      fn();
    } catch {
      // A push that fails must not turn a committed change into an error for the caller.
    }
  }
}

/**
 * An embedded PGlite in `dir` (its files in `dir/pg`), served over the wire protocol on a private
 * Unix socket so an ordinary `pg` pool reaches it; 'memory' for a throw-away one (tests). When
 * another live process already serves `dir`, its socket is reused instead (PGlite allows one
 * process per data folder).
 */
export async function openEmbeddedPool(
  dir: string | 'memory',
  max: number,
  maintenance: { database: string; logger?: Logger },
): Promise<{ pool: pg.Pool; shutdown?: () => Promise<void> }> {
  if (dir !== 'memory') {
    // A CLI command run beside a running server connects through the server's socket instead of
    // opening the files a second time.
    const running = runningEmbeddedSocket(dir);
    if (running) {
      const pool = new pg.Pool({ host: running, port: 5432, user: 'postgres', database: 'postgres', max: Math.min(max, 4) });
      pool.on('error', () => {});
      return { pool };
    }
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let dataDir: string | undefined;
  if (dir !== 'memory') {
    // The data folder holds every tenant's data: readable by this user only. PGlite creates its
    // files with the process umask, so that is tightened too.
    process.umask(0o077);
    mkdirSync(resolve(dir), { recursive: true, mode: 0o700 });
    chmodSync(resolve(dir), 0o700);
    dataDir = resolve(dir, 'pg');
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  }
  // A start parameter, not a SET: it is then also the value a RESET returns to. PGlite lives as
  // long as this process, so a bad cached plan would have lived as long (bench:embedded).
  const startParams = [...PGlite.defaultStartParams, '-c', `plan_cache_mode=${PLAN_CACHE_MODE}`];
  const pglite = await PGlite.create(dataDir ? { dataDir, startParams } : { startParams });
  // Unix socket paths are limited to ~100 bytes, so it lives in a short temporary folder.
  const socketDir = mkdtempSync(join(tmpdir(), 'sigilo-'));
  // 12 for this process's pool, 4 for a CLI beside it (runningEmbeddedSocket), 1 for maintenance.
  const server = new PGLiteSocketServer({ db: pglite, path: join(socketDir, '.s.PGSQL.5432'), maxConnections: 17 });
  await server.start();
  const lockFile = dir !== 'memory' ? join(resolve(dir), 'embedded.json') : undefined;
  if (lockFile) writeFileSync(lockFile, JSON.stringify({ pid: process.pid, socketDir }), { mode: 0o600 });
  const pool = new pg.Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: Math.min(max, 12) });
  pool.on('error', () => {});
  // This process owns the PGlite: it vacuums and analyses it, as autovacuum would on a server.
  // On a connection of its own, so that ending the main pool cannot strand a pass (which would
  // then keep the shutdown below waiting for good).
  const maintenancePool = new pg.Pool({ host: socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 });
  maintenancePool.on('error', () => {});
  const maintenanceSchedule = scheduleEmbeddedMaintenance(maintenancePool, maintenance);
  const shutdown = async () => {
    await maintenanceSchedule.stop();
    await maintenancePool.end();
    if (lockFile) rmSync(lockFile, { force: true });
    await server.stop();
    await pglite.close();
    rmSync(socketDir, { recursive: true, force: true });
  };
  return { pool, shutdown };
}

/**
 * PGlite behind pglite-socket serialises whole transactions across connections, but not the
 * separate wire messages of a parameterised query outside one: two connections' Parse/Bind/Execute
 * could interleave ("portal does not exist"), or bind one's values to the other's statement. On an
 * embedded pool, a statement with parameters outside a transaction therefore runs in one of its
 * own (pg-boss's, the inbox's, the embedded key vault's).
 */
export async function queryInOwnTransaction<R extends pg.QueryResultRow = pg.QueryResultRow>(pool: pg.Pool, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  if (!values || values.length === 0) return pool.query<R>(text); // simple protocol: one message
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await client.query<R>(text, values);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** Runs one statement on `pool`: as it is on a server, in a transaction of its own on embedded PGlite. */
export function statementRunner(pool: pg.Pool, options: { embedded: boolean }) {
  return <R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> =>
    options.embedded ? queryInOwnTransaction<R>(pool, text, values) : pool.query<R>(text, values);
}

/**
 * One PostgreSQL for everything but the contacts' data keys (platform/crypto/key-vault.ts). In
 * embedded mode PGlite is served over the wire protocol on a private Unix socket, so the ordinary
 * `pg` pool (and pg-boss) run unchanged on both.
 */
export class Database {
  private constructor(
    readonly pool: pg.Pool,
    readonly db: Kysely<DB>,
    readonly mode: 'embedded' | 'server',
    private readonly shutdownEmbedded?: () => Promise<void>,
  ) {}

  private readonly companions: Array<{ close(): Promise<void> }> = [];

  static async open(options: DatabaseOptions): Promise<Database> {
    const max = options.poolSize ?? 10;
    if (options.url) {
      // See PLAN_CACHE_MODE; our own statements are planned per call anyway (unnamed statements).
      const pool = new pg.Pool({ connectionString: options.url, max, options: `-c plan_cache_mode=${PLAN_CACHE_MODE}` });
      pool.on('error', () => {}); // idle-client errors surface on the next query instead
      return new Database(pool, new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }), 'server');
    }
    const embedded = await openEmbeddedPool(options.embeddedDir ?? './data', max, { database: 'main', ...(options.logger ? { logger: options.logger } : {}) });
    return new Database(embedded.pool, new Kysely<DB>({ dialect: new PostgresDialect({ pool: embedded.pool }) }), 'embedded', embedded.shutdown);
  }

  /** Something that lives and dies with this database (the key vault): closed after it. */
  closeAlso(resource: { close(): Promise<void> }): void {
    this.companions.push(resource);
  }

  migrate(hooks: MigrationHooks = {}): Promise<string[]> {
    return migrate(this.pool, hooks);
  }

  /**
   * Runs `fn` in a transaction bound to one organisation under the application role, so row-level
   * security filters every statement. SET LOCAL keeps the tenant from leaking to the next user of
   * the pooled connection.
   */
  async withTenant<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const result = await this.db.transaction().execute(async (tx) => {
      committedCallbacks.set(tx, callbacks);
      await enterTenant(tx, orgId);
      return fn(tx);
    });
    runCommitted(callbacks);
    return result;
  }

  /**
   * A transaction as the database owner, outside any tenant. Only for work that precedes knowing
   * the tenant (login look-up, setup) or spans tenants by nature (CLI maintenance, audit verify).
   */
  async withSystem<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void> = [];
    const result = await this.db.transaction().execute((tx) => {
      committedCallbacks.set(tx, callbacks);
      return fn(tx);
    });
    runCommitted(callbacks);
    return result;
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
    await this.shutdownEmbedded?.();
    for (const companion of this.companions.splice(0)) await companion.close();
  }
}

/** Switches the rest of a transaction to one tenant under the application role. */
export async function enterTenant(tx: Tx, orgId: string): Promise<void> {
  // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
  await sql`SELECT set_config('role', 'sigilo_app', true), set_config('sigilo.org_id', ${orgId}, true)`.execute(tx);
}

export { sql };
