import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type pg from 'pg';

const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

export function listMigrations(): { name: string; sql: string }[] {
  return readdirSync(migrationsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(migrationsDir, name), 'utf8') }));
}

/**
 * Work in code that must happen inside the migration transaction, just before the named migration
 * runs (e.g. moving rows to another store before the migration drops their table).
 */
export type MigrationHooks = Record<string, (client: pg.PoolClient) => Promise<void>>;

/**
 * Applies pending SQL migrations in one transaction. An advisory lock lets several nodes (or test
 * files) start against the same database at once: the first migrates, the others wait and skip.
 */
export async function migrate(pool: pg.Pool, hooks: MigrationHooks = {}): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(7461001)');
    await client.query(
      'CREATE TABLE IF NOT EXISTS sigilo_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM sigilo_migrations')).rows.map((r) => r.name));
    for (const m of listMigrations()) {
      if (done.has(m.name)) continue;
      await hooks[m.name]?.(client);
      await client.query(m.sql);
      await client.query('INSERT INTO sigilo_migrations (name) VALUES ($1)', [m.name]);
      applied.push(m.name);
    }
    await client.query('COMMIT');
    return applied;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
