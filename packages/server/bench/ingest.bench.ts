/**
 * Ingest benchmark (not a test): 20,000 signed WhatsApp webhooks over loopback to a real Sigilo
 * (API + workers in this process; the load generator in a child process) on a real PostgreSQL,
 * measured end to end, against the bound of plain INSERTs of equivalent rows from this process.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx packages/server/bench/ingest.bench.ts
 *
 * A fresh database is created beside the one DATABASE_URL names and dropped at the end.
 * Options (env): BENCH_MESSAGES (20000), BENCH_CONNECTIONS (16), BENCH_CONTACTS (4000), BENCH_KEEP_DB=1,
 * BENCH_WARMUP (5000; 0 for none): webhooks from other senders, posted, stored and pushed before the
 * measured ones, so the measurement is of running nodes and not of V8 compiling their code,
 * BENCH_NODES: 1 for one Sigilo process in the "all" role, 2 for an API node (this process) and a worker
 * node (a child process), SIGILO_ROLE=api and worker, as the production layout on one machine; unset,
 * both are run, one after the other, each on a fresh database with its own insert bound.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadConfig } from '../src/platform/config/load-config.js';
import { createContext } from '../src/platform/create-context.js';
import { buildApp } from '../src/platform/http/app.js';
import { createOrganization } from '../src/modules/organizations/create-organization.js';
import { createChannel } from '../src/modules/channels/manage-channels.js';
import { startWhatsAppWorkers } from '../src/modules/channels/whatsapp/index.js';
import { signWebhookPayload } from '../src/modules/channels/whatsapp/webhook-signature.js';

const TOTAL = Number(process.env.BENCH_MESSAGES ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 4_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5_000);
if (!Number.isInteger(WARMUP) || WARMUP < 0) {
  console.error('BENCH_WARMUP must be a whole number, 0 or more');
  process.exit(2);
}
// BENCH_WORKERS=0 stores nothing: no warm-up to wait for.
const WORKERS = process.env.BENCH_WORKERS !== '0';
const TOPOLOGIES: Array<1 | 2> = process.env.BENCH_NODES ? [Number(process.env.BENCH_NODES) as 1 | 2] : [2, 1];
if (TOPOLOGIES.some((n) => n !== 1 && n !== 2)) {
  console.error('BENCH_NODES must be 1 or 2');
  process.exit(2);
}
const topologyName = (nodes: 1 | 2) => (nodes === 2 ? 'API node + worker node' : 'one process (role all)');

interface RunSummary {
  nodes: 1 | 2;
  rate: number;
  p99: number;
  share: number;
}
const TARGET_RATE = 1_500;
const TARGET_P99_MS = 50;
const TARGET_BOUND_SHARE = 0.3;

const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) {
  console.error('DATABASE_URL is required (e.g. postgres://postgres@127.0.0.1:5432/postgres); a fresh database is created beside it.');
  process.exit(2);
}

// Realistic customer-service texts in pt, es and en; about a third carry personal data.
const cpf = () => {
  const d = Array.from({ length: 9 }, () => randomInt(10));
  const dv = (n: number[]) => ((n.reduce((s, x, i) => s + x * (n.length + 1 - i), 0) * 10) % 11) % 10;
  const d1 = dv(d);
  const d2 = dv([...d, d1]);
  const s = [...d, d1, d2].join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
};
const order = () => `#${randomInt(1000, 99999)}`;
const templates: Array<() => string> = [
  () => `Oi, meu pedido ${order()} ainda não chegou. Podem verificar?`,
  () => `Bom dia! Quero trocar o produto do pedido ${order()}, veio com defeito.`,
  () => `Meu CPF é ${cpf()}, preciso da segunda via do boleto.`,
  () => `Olá, podem me ligar no (11) 9${randomInt(1000, 9999)}-${randomInt(1000, 9999)}? Obrigado`,
  () => `Qual o prazo de entrega para o CEP 0${randomInt(1000, 9999)}-${randomInt(100, 999)}?`,
  () => `Hola, mi pedido ${order()} no ha llegado todavía. ¿Me ayudáis?`,
  () => `Buenas tardes, quiero cancelar la suscripción. Mi correo es cliente${randomInt(1, 99999)}@example.es`,
  () => `Mi DNI es ${randomInt(10000000, 99999999)}${'TRWAGMYFPDXBNJZSQVHLCKE'[randomInt(23)]}, ¿podéis revisar la factura?`,
  () => `Hi, I was charged twice for order ${order()}. Can you refund one of them?`,
  () => `Hello, please update my email to customer${randomInt(1, 99999)}@example.com, thanks!`,
  () => `Is the store on Rua Augusta open on Sunday?`,
  () => `Obrigada pelo atendimento, resolveu meu problema! 😊`,
];
const names = ['Maria Souza', 'João Lima', 'Ana Pereira', 'Lucía García', 'Javier Martín', 'Carmen López', 'Emily Clark', 'Pedro Alves', 'Beatriz Costa', 'Sergio Ruiz'];

/** CPU time of the whole machine from /proc/stat (Linux), in seconds: where the run's CPU went. */
function machineTicks(): { busy: number; idle: number; cores: number } | null {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const hz = 100;
    const idle = (f[3]! + f[4]!) / hz;
    return { busy: f.reduce((a, b) => a + b, 0) / hz - idle, idle, cores: cpus().length };
  } catch {
    return null;
  }
}
const diffTicks = (a: { busy: number; idle: number; cores: number }, b: { busy: number; idle: number; cores: number }) => ({ busy: b.busy - a.busy, idle: b.idle - a.idle, cores: a.cores });

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function runOnce(NODES: 1 | 2): Promise<RunSummary> {
  const dbName = `sigilo_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl!);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-bench-'));
  const logSink = new Writable({ write: (_c, _e, done) => done() });
  let stop = async () => {};
  let workerNode: ReturnType<typeof fork> | undefined;
  let workerNodeExit = '';
  try {
    const env = {
      DATABASE_URL: url.toString(),
      SIGILO_MASTER_KEY: randomBytes(32).toString('base64'),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      DATABASE_POOL_SIZE: process.env.BENCH_POOL ?? '20',
    };
    const config = loadConfig({ ...env, SIGILO_ROLE: NODES === 2 ? 'api' : 'all' });
    const ctx = await createContext(config, { worker: NODES === 1, logDestination: logSink });
    const app = await buildApp(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    // BENCH_WORKERS=0 measures the acknowledgement path alone (diagnostic; nothing is stored).
    if (WORKERS) {
      if (NODES === 1) await startWhatsAppWorkers(ctx);
      else {
        const node = fork(fileURLToPath(new URL('./ingest-worker.ts', import.meta.url)), [], {
          env: { ...process.env, BENCH_WORKER_CONFIG: JSON.stringify(env) },
          // BENCH_WORKER_NODE_ARGS: extra node flags for the worker node (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p").
          execArgv: ['--import', 'tsx', ...(process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
        });
        workerNode = node;
        node.on('error', () => {}); // a send after its exit; the exit below is what counts
        node.once('exit', (code, signal) => (workerNodeExit = `worker node exited (${signal ?? code})`));
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('worker node not ready after 120 s')), 120_000);
          node.once('message', () => (clearTimeout(timer), resolve()));
          node.once('exit', () => (clearTimeout(timer), reject(new Error(workerNodeExit))));
        });
      }
    }
    const stopWorkerNode = async (): Promise<number> => {
      const node = workerNode;
      if (!node) return 0;
      workerNode = undefined;
      if (workerNodeExit || !node.connected) throw new Error(workerNodeExit || 'worker node disconnected');
      return new Promise<number>((resolve, reject) => {
        node.on('message', (m: { type: string; cpuSeconds?: number }) => m.type === 'stopped' && resolve(m.cpuSeconds ?? 0));
        node.once('exit', () => reject(new Error(`${workerNodeExit} before reporting its CPU`)));
        node.send({ type: 'stop' });
      });
    };
    stop = async () => {
      await stopWorkerNode().catch(() => {});
      await app.close();
      await ctx.events.close();
      await ctx.jobs.stop();
      await ctx.database.close();
    };
    const { port } = app.server.address() as { port: number };

    const { orgId } = await createOrganization(ctx, {
      orgName: 'Bench Org', country: 'BR', ownerName: 'Bench Owner', ownerEmail: `owner.${randomUUID().slice(0, 8)}@example.test`, ownerPassword: 'correct-horse-battery-staple',
    });
    const phoneNumberId = String(randomInt(1e9, 9e9)) + String(randomInt(1e4, 9e4));
    const appSecret = randomBytes(16).toString('hex');
    await createChannel(ctx, {
      orgId, actor: { type: 'system', label: 'bench' }, ip: null,
      channel: { type: 'whatsapp', name: 'Bench', phoneNumberId, accessToken: 'bench-access-token', appSecret, verifyToken: 'bench-verify-token', graphApiUrl: 'http://127.0.0.1:9/v21.0' },
    });

    // Pre-built, signed bodies: the client does no crypto while measuring. The warm-up's senders
    // (prefix 55 99…) are none of the measured ones (55 11…55 90), so the measured run still
    // creates its CONTACTS new customers.
    const signedBodies = (count: number, senders: string[], tag: string) =>
      Array.from({ length: count }, (_, i) => {
        const from = senders[randomInt(senders.length)]!;
        const body = JSON.stringify({
          object: 'whatsapp_business_account',
          entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550001234', phone_number_id: phoneNumberId },
            contacts: [{ profile: { name: names[randomInt(names.length)] }, wa_id: from }],
            messages: [{ from, id: `wamid.${tag}${String(i).padStart(7, '0')}${randomBytes(8).toString('hex')}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: templates[randomInt(templates.length)]!() } }],
          } }] }],
        });
        return { body, signature: signWebhookPayload(appSecret, body) };
      });
    const waIds = Array.from({ length: CONTACTS }, (_, i) => `55${11 + (i % 80)}9${String(10_000_000 + i * 7).slice(-8)}`);
    const bodies = signedBodies(TOTAL, waIds, 'BENCH');
    const warmupIds = Array.from({ length: Math.max(1, Math.ceil(WARMUP / 5)) }, (_, i) => `55999${String(10_000_000 + i * 7).slice(-8)}`);
    const warmupBodies = signedBodies(WARMUP, warmupIds, 'WARMUP');

    let pushed = 0;
    let pushedAllAt = 0;
    let pushTarget = Infinity;
    ctx.events.subscribe(orgId, (e) => {
      if (e.type === 'message.created' && ++pushed === pushTarget) pushedAllAt = performance.now();
    });

    type ClientResult = { type: 'result'; cpuSeconds: number; total: number; ok: number; non2xx: number; errors: number; timeouts: number; p50: number; p99: number };
    // The client runs in its own process, as Meta's servers would: it does not share our event loop.
    // It loads (Node, tsx, autocannon, the bodies), says 'ready', posts on 'go' and sends its result.
    const loadGenerator = async (name: string, list: Array<{ body: string; signature: string }>) => {
      const bodiesFile = join(dataDir, `${name}.json`);
      writeFileSync(bodiesFile, JSON.stringify(list));
      const client = fork(fileURLToPath(new URL('./post-webhooks.ts', import.meta.url)), [`http://127.0.0.1:${port}/webhooks/whatsapp`, String(CONNECTIONS), bodiesFile], {
        execArgv: ['--import', 'tsx'],
      });
      // A client left waiting for 'go' (the bench failed in between) would keep this process alive.
      const stopBench = stop;
      stop = async () => {
        client.kill();
        await stopBench();
      };
      const messages: Array<{ type: 'ready' } | ClientResult> = [];
      let onMessage = () => {};
      client.on('message', (m) => {
        messages.push(m as never);
        onMessage();
      });
      const clientExited = new Promise<never>((_, reject) => {
        client.once('error', reject);
        client.once('exit', (code, signal) => (code || signal) && reject(new Error(`load generator exited with ${signal ?? code}`)));
      });
      clientExited.catch(() => {}); // raced below; unobserved once the client is done
      const nextMessage = <T extends (typeof messages)[number]['type']>(type: T) =>
        Promise.race([clientExited, new Promise<Extract<(typeof messages)[number], { type: T }>>((resolve, reject) => {
          const take = () => {
            const m = messages.shift();
            if (!m) return;
            onMessage = () => {};
            if (m.type === type) resolve(m as never);
            else reject(new Error(`load generator sent ${m.type}, expected ${type}`));
          };
          onMessage = take;
          take();
        })]);
      await nextMessage('ready');
      return { go: () => (client.send({ type: 'go' }), nextMessage('result')) };
    };
    const countStored = async () =>
      Number((await ctx.database.pool.query('SELECT count(*) AS n FROM messages WHERE org_id = $1', [orgId])).rows[0].n);
    /** Waits until `expected` messages are stored or `deadline` passes; returns how many are. */
    const waitStored = async (expected: number, deadline: number) => {
      let stored = 0;
      while (WORKERS && (stored = await countStored()) < expected && Date.now() < deadline) {
        if (workerNodeExit) throw new Error(workerNodeExit);
        await new Promise((r) => setTimeout(r, 250));
      }
      return stored;
    };

    // Warm-up, not measured: V8 compiles a node's hot code in its first seconds of traffic, which a
    // running server did long ago (in a cold run, perf put a quarter of the API node's CPU in V8's
    // optimizing compiler). Its consent notices and contacts stay; the measured senders are new.
    if (WARMUP > 0 && WORKERS) {
      const warmup = await loadGenerator('warmup', warmupBodies);
      const warmupResult = await warmup.go();
      if (warmupResult.ok !== WARMUP) throw new Error(`warm-up: ${warmupResult.ok} of ${WARMUP} webhooks acknowledged`);
      const warmupDeadline = Date.now() + 5 * 60_000;
      const warmupStored = await waitStored(WARMUP, warmupDeadline);
      while (pushed < WARMUP && Date.now() < warmupDeadline) await new Promise((r) => setTimeout(r, 20));
      // Late warm-up rows or pushes would be counted as measured ones.
      if (warmupStored !== WARMUP || pushed !== WARMUP) throw new Error(`warm-up: ${warmupStored} of ${WARMUP} stored and ${pushed} pushed after five minutes`);
      console.log(`warm-up: ${WARMUP} webhooks from ${warmupIds.length} other senders, stored and pushed (not measured)`);
    }

    console.log(`posting ${TOTAL} signed webhooks over loopback with ${CONNECTIONS} connections to ${NODES === 2 ? "an API node (a worker node stores)" : "one Sigilo process"}…`);
    const measured = await loadGenerator('bodies', bodies);
    // The clock starts once the client has loaded: its start-up is not Sigilo's time (it was
    // counted before 2026-11-24, about half a second of each run).
    const storedBefore = await countStored();
    const pushedBefore = pushed;
    pushTarget = pushedBefore + TOTAL;
    const machineBefore = machineTicks();
    const serverCpuBefore = process.cpuUsage();
    workerNode?.send({ type: 'mark' });
    const started = performance.now();
    const result = await measured.go();
    const acknowledgedAt = performance.now();

    const deadline = Date.now() + 15 * 60_000;
    const stored = WORKERS ? (await waitStored(storedBefore + TOTAL, deadline)) - storedBefore : 0;
    const storedAt = performance.now();
    // Every push reaches this node; with a worker node they come through PostgreSQL, a moment later.
    while (pushed - pushedBefore < stored && Date.now() < deadline && performance.now() - storedAt < 10_000) await new Promise((r) => setTimeout(r, 20));
    const endToEndSeconds = ((pushedAllAt || storedAt) - started) / 1000;
    const serverCpu = process.cpuUsage(serverCpuBefore);
    const machine = machineBefore && machineTicks() ? diffTicks(machineBefore, machineTicks()!) : null;
    const workerNodeCpuSeconds = await stopWorkerNode();
    const serverCpuSeconds = (serverCpu.user + serverCpu.system) / 1e6 + workerNodeCpuSeconds;

    // The bound: plain single-row INSERTs of equivalent rows, same process, same pool size.
    await ctx.database.pool.query(`CREATE TABLE bench_plain_messages (
      org_id uuid NOT NULL, id uuid NOT NULL, conversation_id uuid NOT NULL, contact_id uuid NOT NULL,
      body_masked text NOT NULL, body_sealed bytea, channel_message_id text, metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (org_id, id))`);
    const rows = bodies.map((b, i) => ({ text: JSON.parse(b.body).entry[0].changes[0].value.messages[0].text.body as string, i }));
    let cursor = 0;
    const insertStarted = performance.now();
    const poolSize = Number(config.DATABASE_POOL_SIZE);
    await Promise.all(Array.from({ length: poolSize }, async () => {
      while (cursor < rows.length) {
        const r = rows[cursor++]!;
        await ctx.database.pool.query(
          'INSERT INTO bench_plain_messages (org_id, id, conversation_id, contact_id, body_masked, body_sealed, channel_message_id, metadata) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)',
          [orgId, randomUUID(), randomUUID(), randomUUID(), r.text, randomBytes(r.text.length + 28), `wamid.PLAIN${r.i}`, '{"sentAt":"2026-01-01T00:00:00Z"}'],
        );
      }
    }));
    const insertRate = rows.length / ((performance.now() - insertStarted) / 1000);

    const rate = stored / endToEndSeconds;
    const ackSeconds = (acknowledgedAt - started) / 1000;
    const p50 = result.p50;
    const p99 = result.p99;
    const non2xx = result.non2xx + result.errors + result.timeouts;
    const line = (label: string, value: string, target = '', verdict = '') => console.log(`${label.padEnd(38)} ${value.padStart(14)}  ${target.padEnd(18)} ${verdict}`);
    console.log('');
    line('metric', 'value', 'target', '');
    line('-'.repeat(38), '-'.repeat(14), '-'.repeat(18), '');
    line('webhooks posted / acknowledged 200', `${result.total} / ${result.ok}`, '', non2xx ? `(${non2xx} non-2xx/errors)` : '');
    line('acknowledgement throughput (req/s)', (result.total / ackSeconds).toFixed(0));
    line('ack latency p50 (ms)', String(p50));
    line('ack latency p99 (ms)', String(p99), `< ${TARGET_P99_MS}`, p99 < TARGET_P99_MS ? 'met' : `missed (${(p99 / TARGET_P99_MS).toFixed(1)}× the target)`);
    line('stored messages', `${stored} / ${TOTAL}`, '', stored === TOTAL ? '' : 'INCOMPLETE');
    line('pushed (message.created events)', String(pushed - pushedBefore));
    line('end to end (s)', endToEndSeconds.toFixed(1));
    line('end-to-end rate (msg/s)', rate.toFixed(0), `≥ ${TARGET_RATE}`, rate >= TARGET_RATE ? 'met' : `missed (${((rate / TARGET_RATE) * 100).toFixed(0)}% of target)`);
    line('plain INSERT bound (rows/s)', insertRate.toFixed(0));
    line('share of the bound', `${((rate / insertRate) * 100).toFixed(1)}%`, `≥ ${TARGET_BOUND_SHARE * 100}%`, rate / insertRate >= TARGET_BOUND_SHARE ? 'met' : 'missed');
    if (machine) {
      const rest = Math.max(0, machine.busy - serverCpuSeconds - result.cpuSeconds);
      console.log(
        `\nCPU during the run (s, ${machine.cores} cores × ${endToEndSeconds.toFixed(1)} s): server ${NODES === 2 ? `(API node ${(serverCpuSeconds - workerNodeCpuSeconds).toFixed(1)} + worker node ${workerNodeCpuSeconds.toFixed(1)}) ` : 'process '}${serverCpuSeconds.toFixed(1)}, load generator ${result.cpuSeconds.toFixed(1)}, ` +
          `rest of the machine (PostgreSQL and anything else running) ${rest.toFixed(1)}, idle ${machine.idle.toFixed(1)}`,
      );
      console.log(`per message: server ${((serverCpuSeconds / TOTAL) * 1e6).toFixed(0)} µs, rest of the machine ${((rest / TOTAL) * 1e6).toFixed(0)} µs`);
    }
    console.log(`\nmachine: ${(await import('node:os')).cpus().length} cores, load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')} (shared; figures vary with load)`);
    return { nodes: NODES, rate, p99, share: rate / insertRate };
  } finally {
    await stop().catch(() => {});
    // BENCH_KEEP_DB=1 keeps the database for a look at its plans and tables afterwards.
    if (process.env.BENCH_KEEP_DB === '1') console.log(`kept database ${dbName}`);
    else {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: Error) => console.error('could not drop', dbName, e.message));
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}_keys WITH (FORCE)`).catch((e: Error) => console.error('could not drop', `${dbName}_keys`, e.message));
    }
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const summaries: RunSummary[] = [];
  for (const nodes of TOPOLOGIES) {
    console.log(`\n=== ${topologyName(nodes)} ===`);
    summaries.push(await runOnce(nodes));
  }
  if (summaries.length > 1) {
    console.log('\nsummary (each run against its own plain-INSERT bound)');
    for (const s of summaries) {
      const verdict = s.rate >= TARGET_RATE && s.p99 < TARGET_P99_MS && s.share >= TARGET_BOUND_SHARE ? 'all three targets met' : 'not all targets met';
      console.log(`  ${topologyName(s.nodes).padEnd(24)} ${s.rate.toFixed(0).padStart(6)} msg/s   ack p99 ${String(s.p99).padStart(3)} ms   ${(s.share * 100).toFixed(1).padStart(5)}% of the bound   ${verdict}`);
    }
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
