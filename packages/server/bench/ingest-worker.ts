/**
 * The worker node of the ingest benchmark (BENCH_NODES=2): a Sigilo process in the worker role
 * (SIGILO_ROLE=worker) on the same database as the API node, as a two-node deployment runs it.
 * It stores what the API node acknowledged; its realtime events reach the API node through
 * PostgreSQL (LISTEN/NOTIFY), where the benchmark counts them.
 *
 *   (forked by ingest.bench.ts) argv: <config as JSON>
 * Messages: sends 'ready' once working; on 'stop', stops and sends its CPU seconds.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../src/platform/config/load-config.js';
import { createContext } from '../src/platform/create-context.js';
import { startWhatsAppWorkers } from '../src/modules/channels/whatsapp/index.js';

const config = loadConfig({ ...(JSON.parse(process.argv[2]!) as Record<string, string>), SIGILO_ROLE: 'worker' });
const ctx = await createContext(config, { worker: true, logDestination: new Writable({ write: (_c, _e, done) => done() }) });
await startWhatsAppWorkers(ctx);
const started = process.cpuUsage();
process.send!({ type: 'ready' });
process.on('message', async (m: { type: string }) => {
  if (m.type !== 'stop') return;
  const cpu = process.cpuUsage(started);
  await ctx.events.close();
  await ctx.jobs.stop();
  await ctx.database.close();
  process.send!({ type: 'stopped', cpuSeconds: (cpu.user + cpu.system) / 1e6 }, () => process.exit(0));
});
