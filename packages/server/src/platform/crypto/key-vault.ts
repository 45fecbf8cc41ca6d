import { join } from 'node:path';
import pg from 'pg';
import { ConfigError } from '../config/load-config.js';
import { openEmbeddedPool, statementRunner } from '../db/database.js';
import type { Logger } from '../logging/logger.js';

/** One contact's data key, wrapped under the master key by the caller. */
export interface StoredKey {
  orgId: string;
  contactId: string;
  wrappedKey: Buffer;
}

export interface KeyVaultOptions {
  /** A PostgreSQL database of its own (server mode). */
  url?: string;
  /** Embedded PGlite: its folder (DATA_DIR/keys), or 'memory' for a throw-away vault (tests). */
  embeddedDir?: string | 'memory';
  poolSize?: number;
  /**
   * Server mode: a URL on the same server that may CREATE DATABASE, used once when the vault's
   * database does not exist yet (the main DATABASE_URL when KEY_VAULT_URL defaults from it).
   */
  createWith?: string;
  /** Where the embedded vault's maintenance reports. */
  logger?: Logger;
}

/** Idempotent, so any node may run it at start; the advisory lock keeps concurrent starts apart. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS contact_keys (
  org_id uuid NOT NULL,
  contact_id uuid NOT NULL,
  wrapped_key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, contact_id)
)`;

function databaseName(url: string): string {
  const u = new URL(url);
  return decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || 'postgres';
}

const pgCode = (err: unknown) => (err as { code?: string }).code;

/**
 * The key vault: the contacts' data keys (each wrapped under the master key) in a database of their
 * own, apart from the data they seal. A dump, replica or backup of the main database therefore
 * holds ciphertext without keys, and deleting a key here (the crypto-shred) makes every copy of
 * that contact's sealed data unreadable, whatever backups of the main database exist. Backups of
 * the vault itself are the one place an erased key survives: keep them short-lived.
 *
 * The vault knows nothing of contacts beyond (org_id, contact_id); wrapping and unwrapping stay
 * with the caller (modules/contacts/contact-keys.ts), and each wrapped key is bound by its AAD to
 * its organisation and contact, so a key handed out for the wrong pair cannot be unwrapped. That is
 * why the vault needs no row-level security: every call names the organisation, and a mistake
 * there fails closed.
 */
export class KeyVault {
  /** Embedded: a statement with parameters runs in a transaction of its own (statementRunner). */
  private readonly query: ReturnType<typeof statementRunner>;

  private constructor(
    readonly pool: pg.Pool,
    readonly mode: 'embedded' | 'server',
    private readonly shutdownEmbedded?: () => Promise<void>,
  ) {
    this.query = statementRunner(pool, { embedded: mode === 'embedded' });
  }

  static async open(options: KeyVaultOptions): Promise<KeyVault> {
    const max = options.poolSize ?? 10;
    if (options.url) {
      const url = options.url;
      const pool = new pg.Pool({ connectionString: url, max });
      pool.on('error', () => {});
      const vault = new KeyVault(pool, 'server');
      try {
        try {
          await vault.createSchema();
        } catch (err) {
          if (pgCode(err) !== '3D000') throw err; // invalid_catalog_name: the database is missing
          await createVaultDatabase(url, options.createWith);
          await vault.createSchema();
        }
      } catch (err) {
        await pool.end().catch(() => {});
        if (err instanceof ConfigError) throw err;
        throw new ConfigError(`KEY_VAULT_URL: cannot open the key vault database "${databaseName(url)}": ${(err as Error).message}.`);
      }
      return vault;
    }
    const dir = options.embeddedDir ?? './data/keys';
    const embedded = await openEmbeddedPool(dir, Math.min(max, 4), { database: 'key vault', ...(options.logger ? { logger: options.logger } : {}) });
    const vault = new KeyVault(embedded.pool, 'embedded', embedded.shutdown);
    try {
      await vault.createSchema();
    } catch (err) {
      await vault.close();
      throw err;
    }
    return vault;
  }


  /** The embedded vault's folder beside the main embedded database. */
  static embeddedDirFor(dataDir: string | 'memory'): string | 'memory' {
    return dataDir === 'memory' ? 'memory' : join(dataDir, 'keys');
  }

  private async createSchema(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(7461002)');
      await client.query(SCHEMA);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Stores keys in one round trip, committed when it returns. Storing a key that is already there
   * (a retried start-up copy) is a no-op; a different key for the same contact is refused, since
   * replacing it would lose whatever the first one sealed.
   */
  async putKeys(keys: StoredKey[]): Promise<void> {
    if (!keys.length) return;
    const { rows } = await this.query<{ stored: number }>(
      `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bytea[]) AS v(org_id, contact_id, wrapped_key)),
       ins AS (INSERT INTO contact_keys (org_id, contact_id, wrapped_key) SELECT org_id, contact_id, wrapped_key FROM v
               ON CONFLICT (org_id, contact_id) DO NOTHING RETURNING 1)
       SELECT (SELECT count(*) FROM ins) + (SELECT count(*) FROM v JOIN contact_keys k USING (org_id, contact_id) WHERE k.wrapped_key = v.wrapped_key) AS stored`,
      [keys.map((k) => k.orgId), keys.map((k) => k.contactId), keys.map((k) => k.wrappedKey)],
    );
    if (Number(rows[0]?.stored) !== keys.length) throw new Error('the key vault already holds a different key for one of these contacts');
  }

  /** The wrapped keys of many contacts of one organisation, in one round trip; missing ones are absent. */
  async getKeys(orgId: string, contactIds: string[]): Promise<Map<string, Buffer>> {
    if (!contactIds.length) return new Map();
    const { rows } = await this.query<{ contact_id: string; wrapped_key: Buffer }>(
      'SELECT contact_id, wrapped_key FROM contact_keys WHERE org_id = $1 AND contact_id = ANY($2::uuid[])',
      [orgId, contactIds],
    );
    return new Map(rows.map((r) => [r.contact_id, r.wrapped_key]));
  }

  /** True when the vault holds no key at all (a fresh vault, or the wrong one). */
  async isEmpty(): Promise<boolean> {
    const { rows } = await this.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM contact_keys) AS any');
    return !rows[0]?.any;
  }

  /** Deletes one contact's key (the crypto-shred); true when there was one. */
  async deleteKey(orgId: string, contactId: string): Promise<boolean> {
    const res = await this.query('DELETE FROM contact_keys WHERE org_id = $1 AND contact_id = $2', [orgId, contactId]);
    return (res.rowCount ?? 0) > 0;
  }

  /** A page of keys created before `cutoff`, in key order after `after` (for the orphan sweep). */
  async listKeysCreatedBefore(cutoff: Date, after: { orgId: string; contactId: string } | null, limit: number): Promise<Array<{ orgId: string; contactId: string }>> {
    const { rows } = await this.query<{ org_id: string; contact_id: string }>(
      `SELECT org_id, contact_id FROM contact_keys
       WHERE created_at < $1 AND ($2::uuid IS NULL OR (org_id, contact_id) > ($2::uuid, $3::uuid))
       ORDER BY org_id, contact_id LIMIT $4`,
      [cutoff, after?.orgId ?? null, after?.contactId ?? null, limit],
    );
    return rows.map((r) => ({ orgId: r.org_id, contactId: r.contact_id }));
  }

  /** Deletes the given keys if they were created before `cutoff`; returns how many went. */
  async deleteKeysCreatedBefore(cutoff: Date, keys: Array<{ orgId: string; contactId: string }>): Promise<number> {
    if (!keys.length) return 0;
    const res = await this.query(
      `DELETE FROM contact_keys k USING unnest($2::uuid[], $3::uuid[]) AS v(org_id, contact_id)
       WHERE k.org_id = v.org_id AND k.contact_id = v.contact_id AND k.created_at < $1`,
      [cutoff, keys.map((k) => k.orgId), keys.map((k) => k.contactId)],
    );
    return res.rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
    await this.shutdownEmbedded?.();
  }
}

/**
 * Creates the vault's database through `createWith` (or the server's `postgres` database). Several
 * nodes may start at once: a database created meanwhile by another is fine.
 */
async function createVaultDatabase(url: string, createWith?: string): Promise<void> {
  const name = databaseName(url);
  let adminUrl = createWith;
  if (!adminUrl) {
    const u = new URL(url);
    u.pathname = '/postgres';
    adminUrl = u.toString();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    const code = pgCode(err);
    if (code === '42P04' || code === '23505') return; // created by another node in the meantime
    throw new ConfigError(
      `KEY_VAULT_URL: the key vault database "${name}" does not exist and could not be created (${(err as Error).message}); create it, or set KEY_VAULT_URL to a database Sigilo may use.`,
    );
  } finally {
    await admin.end().catch(() => {});
  }
}
