/**
 * The worker node of the ingest benchmark (BENCH_NODES=2): a Sigilo process in the worker role
 * (SIGILO_ROLE=worker) on the same database as the API node, as a two-node deployment runs it.
 * It stores what the API node acknowledged; its realtime events reach the API node through
 * PostgreSQL (LISTEN/NOTIFY), where the benchmark counts them.
 *
 *   (forked by ingest.bench.ts) env BENCH_WORKER_CONFIG: the configuration as JSON (not argv: it holds the master key)
 * Messages: sends 'ready' once working; 'mark' starts its CPU count; on 'stop' it sends its CPU
 * seconds since the mark ('stopped'), then shuts down. It exits when the parent goes away.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../src/platform/config/load-config.js';
import { createContext } from '../src/platform/create-context.js';
import { startWhatsAppWorkers } from '../src/modules/channels/whatsapp/index.js';

process.on('disconnect', () => process.exit(1));
const config = loadConfig({ ...(JSON.parse(process.env.BENCH_WORKER_CONFIG ?? '{}') as Record<string, string>), SIGILO_ROLE: 'worker' });
const ctx = await createContext(config, { worker: true, logDestination: new Writable({ write: (_c, _e, done) => done() }) });
await startWhatsAppWorkers(ctx);
let mark = process.cpuUsage();
process.send!({ type: 'ready' });
process.on('message', (m: { type: string }) => {
  if (m.type === 'mark') mark = process.cpuUsage();
  if (m.type !== 'stop') return;
  const cpu = process.cpuUsage(mark);
  process.send!({ type: 'stopped', cpuSeconds: (cpu.user + cpu.system) / 1e6 }, () => {
    void (async () => {
      try {
        await ctx.events.close();
        await ctx.jobs.stop();
        await ctx.database.close();
      } finally {
        process.exit(0);
      }
    })();
  });
});
