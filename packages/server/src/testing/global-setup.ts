// Vitest global setup of the server project: after the run, drop the per-file PostgreSQL databases
// that startTestServer created beside DATABASE_URL's database, and their key vaults (`<file database>_keys`,
// created by the app at start, so the same prefix).
import pg from 'pg';
import { FILE_DATABASE_INFIX } from './test-server.js';

export default function setup(): () => Promise<void> {
  return async () => {
    const base = process.env.DATABASE_URL;
    if (!base) return;
    const prefix = `${new URL(base).pathname.slice(1)}${FILE_DATABASE_INFIX}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [prefix]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
    } finally {
      await admin.end();
    }
  };
}
