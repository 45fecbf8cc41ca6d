import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer } from '../../testing/test-server.js';
import { personalDataTables, tablesWithoutPersonalData } from './personal-data.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function columnsByTable(): Promise<Map<string, Set<string>>> {
  const rows = await server.ctx.database.withSystem((tx) =>
    sql<{ table_name: string; column_name: string }>`
      SELECT c.table_name, c.column_name FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`.execute(tx),
  );
  const map = new Map<string, Set<string>>();
  for (const r of rows.rows) {
    if (!map.has(r.table_name)) map.set(r.table_name, new Set());
    map.get(r.table_name)!.add(r.column_name);
  }
  return map;
}

describe('data map', () => {
  it('declares every table: its personal data, or why it has none', async () => {
    const tables = await columnsByTable();
    const declared = new Set([...personalDataTables.map((d) => d.table), ...tablesWithoutPersonalData.map((d) => d.table)]);
    const undeclared = [...tables.keys()].filter((t) => !declared.has(t));
    expect(undeclared, 'tables without a data-map declaration').toEqual([]);
    const stale = [...declared].filter((t) => !tables.has(t));
    expect(stale, 'declarations for tables that do not exist').toEqual([]);
  });

  it('names real columns for the subject, the export and anonymisation', async () => {
    const tables = await columnsByTable();
    for (const d of personalDataTables) {
      const cols = tables.get(d.table)!;
      expect(cols.has(d.subjectColumn), `${d.table}.${d.subjectColumn}`).toBe(true);
      for (const c of d.exportColumns) expect(cols.has(c), `${d.table}.${c}`).toBe(true);
      if (d.erase.strategy === 'anonymise') for (const c of d.erase.columns) expect(cols.has(c), `${d.table}.${c}`).toBe(true);
      if (d.erase.strategy === 'keep') expect(d.erase.legalBasis).toMatch(/Art\./);
      expect(d.categories.length).toBeGreaterThan(0);
    }
  });

  it('puts every tenant table under forced row-level security', async () => {
    const rows = await server.ctx.database.withSystem((tx) =>
      sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
        SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
        WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'sigilo_migrations'`.execute(tx),
    );
    const unprotected = rows.rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity).map((r) => r.relname);
    expect(unprotected).toEqual([]);
  });
});
