/**
 * Ingest on the embedded database as an organisation grows (not a test): BENCH_CUSTOMERS (15,000)
 * new customers write once each, in batches of 100 through the ingest pipeline, on a fresh PGlite in
 * a temporary DATA_DIR. Prints the cost per message for every fifth of the run, then times the
 * embedded database's maintenance pass (VACUUM, and VACUUM with ANALYZE).
 *
 *   npm run bench:embedded
 *
 * The same run is made twice: as shipped (plans per call, `plan_cache_mode=force_custom_plan`) and
 * with PGlite's default (`auto`: cached generic plans), the peer of the comparison. The bound is the
 * run's own first fifth: a pipeline whose cost does not grow with the organisation keeps its last
 * fifth near it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/platform/config/load-config.js';
import { createContext } from '../src/platform/create-context.js';
import { createOrganization } from '../src/modules/organizations/create-organization.js';
import { ingestMessages, type IngestInput } from '../src/modules/conversations/ingest-message.js';
import { arrivalTime } from '../src/modules/conversations/arrival-time.js';
import { maintainEmbeddedDatabase } from '../src/platform/db/maintain-embedded-database.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 15_000);
const BATCH = 100;
const FIFTHS = 5;

async function run(planCacheMode: 'force_custom_plan' | 'auto'): Promise<{ fifths: number[]; wholeRun: number; vacuumMs: number; analyzeMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-bench-embedded-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', SIGILO_MASTER_KEY: randomBytes(32).toString('base64') });
  const ctx = await createContext(config, { logDestination: new Writable({ write: (_c, _e, done) => done() }) });
  try {
    // PGlite is one backend: a SET through any pooled connection applies to all of them.
    if (planCacheMode === 'auto') await ctx.database.pool.query('SET plan_cache_mode = auto');
    const { orgId } = await createOrganization(ctx, {
      orgName: 'Bench Org', country: 'BR', ownerName: 'Bench Owner', ownerEmail: 'owner@example.test', ownerPassword: 'correct-horse-battery-staple',
    });
    const fifths: number[] = [];
    const perFifth = Math.ceil(CUSTOMERS / BATCH / FIFTHS);
    let n = 0;
    let spent = 0;
    let total = 0;
    let batches = 0;
    while (n < CUSTOMERS) {
      const inputs: IngestInput[] = Array.from({ length: Math.min(BATCH, CUSTOMERS - n) }, () => {
        n++;
        return {
          orgId,
          channel: { id: null, type: 'api' },
          channelMessageId: `bench-${n}`,
          direction: 'inbound',
          sender: { type: 'contact' },
          contact: { identities: [{ kind: 'whatsapp', value: `55119${String(70_000_000 + n * 13).slice(-8)}` }], displayName: 'Cliente' },
          text: `Oi, meu pedido #${10_000 + n} ainda não chegou. Podem verificar?`,
          receivedAt: arrivalTime(),
        };
      });
      const started = performance.now();
      await ingestMessages(ctx, inputs);
      spent += performance.now() - started;
      total += performance.now() - started;
      if (++batches % perFifth === 0 || n === CUSTOMERS) {
        fifths.push((spent * 1000) / (batches * BATCH));
        process.stderr.write(`  ${planCacheMode}: ${n} conversations, ${fifths.at(-1)!.toFixed(0)} µs/message over the last fifth\n`);
        spent = 0;
        batches = 0;
      }
    }
    const vacuum = await maintainEmbeddedDatabase(ctx.database.pool, { analyze: false });
    const analyze = await maintainEmbeddedDatabase(ctx.database.pool, { analyze: true });
    process.stderr.write(`  slowest table: VACUUM ${vacuum.slowest?.table} ${vacuum.slowest?.ms} ms, with ANALYZE ${analyze.slowest?.table} ${analyze.slowest?.ms} ms\n`);
    const vacuumMs = vacuum.ms;
    const analyzeMs = analyze.ms;
    return { fifths, wholeRun: (total * 1000) / CUSTOMERS, vacuumMs, analyzeMs };
  } finally {
    await ctx.jobs.stop();
    await ctx.events.close();
    await ctx.database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const shipped = await run('force_custom_plan');
const peer = await run('auto');
const line = (label: string, r: { fifths: number[] }) =>
  console.log(`${label.padEnd(44)} ${r.fifths.map((f) => f.toFixed(0).padStart(6)).join(' ')}   last/first ${(r.fifths.at(-1)! / r.fifths[0]!).toFixed(2)}×`);
console.log(`\n${CUSTOMERS} new customers, one message each, batches of ${BATCH}; µs per message for each fifth of the run`);
line('as shipped (plans per call)', shipped);
line("PGlite's default (plan_cache_mode=auto)", peer);
console.log(`whole run: as shipped ${shipped.wholeRun.toFixed(0)} µs/message, default ${peer.wholeRun.toFixed(0)} µs/message`);
console.log(`maintenance pass after the run (as shipped, every table one statement at a time): VACUUM ${shipped.vacuumMs.toFixed(0)} ms, then VACUUM (ANALYZE) ${shipped.analyzeMs.toFixed(0)} ms`);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);
