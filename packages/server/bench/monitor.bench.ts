/**
 * Watch-rule cost inside ingest (not a test): the same customer-service messages are ingested in
 * batches (the channel workers' path, `ingestMessages`) into four organisations that differ only
 * in their rules, in interleaved rounds on the same database and process:
 *
 *   hook off           — the monitoring hook replaced by a no-op (the bound)
 *   0 rules            — the hook runs, the organisation has no enabled rule
 *   100 terms + 20 re  — one term rule of 100 terms and 20 pattern rules
 *   10,000 terms + 20 re
 *
 * It prints messages/s per configuration, the slowdown against "0 rules" and "hook off", and the
 * CPU time the rule evaluation itself took per message (measured inside the hook). Target of the
 * issue: 10,000 terms cost less than 15% of ingest throughput.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:monitor
 *
 * With DATABASE_URL a fresh database is created beside it and dropped at the end; without it, an
 * in-memory PGlite is used. Options (env): BENCH_MESSAGES per configuration and round (2000),
 * BENCH_ROUNDS (3), BENCH_BATCH (200).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { loadConfig } from '../src/platform/config/load-config.js';
import { createContext } from '../src/platform/create-context.js';
import { createOrganization } from '../src/modules/organizations/create-organization.js';
import { ingestMessages, registerIngestHook, type IngestInput } from '../src/modules/conversations/ingest-message.js';
import { monitorMessages, ruleEvaluation } from '../src/modules/monitoring/monitor-messages.js';
import { detectAccessAnomalies } from '../src/modules/monitoring/detect-access-anomalies.js';
import { recordAuditEntry } from '../src/modules/audit/record-audit-entry.js';
import { ensureMonitoringSettings, bumpRulesVersion } from '../src/modules/monitoring/monitoring-settings.js';
import type { AppContext } from '../src/platform/context.js';

const PER_ROUND = Number(process.env.BENCH_MESSAGES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);
const TARGET_SLOWDOWN = 0.15;

const order = () => `#${randomInt(1000, 99999)}`;
const templates: Array<() => string> = [
  () => `Oi, meu pedido ${order()} ainda não chegou. Podem verificar?`,
  () => `Bom dia! Quero trocar o produto do pedido ${order()}, veio com defeito.`,
  () => `Olá, podem me ligar no (11) 9${randomInt(1000, 9999)}-${randomInt(1000, 9999)}? Obrigado`,
  () => `Qual o prazo de entrega para o CEP 0${randomInt(1000, 9999)}-${randomInt(100, 999)}?`,
  () => `Hola, mi pedido ${order()} no ha llegado todavía. ¿Me ayudáis?`,
  () => `Buenas tardes, quiero cancelar la suscripción. Mi correo es cliente${randomInt(1, 99999)}@example.es`,
  () => `Hi, I was charged twice for order ${order()}. Can you refund one of them?`,
  () => `Is the store on Rua Augusta open on Sunday? I need the blue jacket in size M.`,
  () => `Obrigada pelo atendimento, resolveu meu problema! 😊`,
  () => `Me chama no meu zap pessoal que é mais fácil, o atendimento aqui demora muito`,
  () => `Vocês vendem a lista de clientes para outras lojas? Recebi muita propaganda`,
  () => `Tenho diabetes e preciso saber se o produto tem açúcar, pedido ${order()}`,
];

// Vocabulary for synthetic terms: two- and three-word phrases, some of them common enough in
// customer service that the automaton does find candidates (and rejects them on word boundaries).
const words = 'pedido entrega produto troca reembolso fatura boleto cartao senha conta cliente loja prazo frete defeito garantia cancelamento assinatura desconto cupom promocao atraso estorno cobranca pagamento suporte gerente supervisor reclamacao procon advogado processo justica denuncia golpe fraude vazamento dados privacidade cadastro endereco telefone email documento contrato multa juros parcela credito debito pix transferencia'.split(' ');
const qualifiers = 'urgente indevido duplicado falso suspeito errado atrasado cancelado bloqueado vencido pendente extraviado roubado clonado'.split(' ');
function syntheticTerms(n: number): string[] {
  const out = new Set<string>();
  let i = 0;
  while (out.size < n) {
    const w = words[i % words.length]!;
    const q = qualifiers[Math.floor(i / words.length) % qualifiers.length]!;
    const extra = Math.floor(i / (words.length * qualifiers.length));
    out.add(extra ? `${w} ${q} ${words[extra % words.length]} ${extra}` : `${w} ${q}`);
    i++;
  }
  return [...out];
}
const patterns = [
  'pix\\s+para\\s+\\d+',
  'senha\\s*:?\\s*\\w{4,}',
  '\\b\\d{4}[ .-]?\\d{4}[ .-]?\\d{4}\\b',
  'cvv\\s*\\d{3}',
  '(me\\s+)?(chama|liga)\\s+no\\s+(meu\\s+)?(zap|whats)',
  'depositar?\\s+na\\s+minha\\s+conta',
  'codigo\\s+(de\\s+)?(verificacao|seguranca)\\s*\\d+',
  'paga\\s+por\\s+fora',
  'desconto\\s+se\\s+pagar\\s+(em\\s+)?dinheiro',
  '\\bprocon\\b.*\\bprocesso\\b',
  'vou\\s+(te\\s+)?processar',
  'manda\\s+(uma\\s+)?foto\\s+do\\s+(documento|rg|cartao)',
  'envia\\s+(o\\s+)?print\\s+da\\s+tela',
  'link\\s+de\\s+pagamento\\s+externo',
  'transfere\\s+para\\s+(a\\s+)?conta',
  '\\bbitcoin\\b|\\bcripto\\b',
  'dados\\s+de\\s+(todos|varios)\\s+clientes',
  'planilha\\s+com\\s+(os\\s+)?dados',
  'sorteio\\s+premiado',
  'whats\\s*app\\s*\\+?\\d{2}',
];

async function setRules(ctx: AppContext, orgId: string, terms: number, regexes: number) {
  await ctx.database.withTenant(orgId, async (tx) => {
    await ensureMonitoringSettings(tx, orgId);
    await tx.deleteFrom('watch_rules').where('org_id', '=', orgId).execute();
    const rows = [];
    if (terms) rows.push({ org_id: orgId, id: randomUUID(), name: `${terms} terms`, kind: 'terms' as const, terms: syntheticTerms(terms), severity: 'medium' as const });
    for (let i = 0; i < regexes; i++) rows.push({ org_id: orgId, id: randomUUID(), name: `pattern ${i}`, kind: 'regex' as const, pattern: patterns[i % patterns.length]!, severity: 'medium' as const });
    if (rows.length) await tx.insertInto('watch_rules').values(rows).execute();
    await bumpRulesVersion(tx, orgId);
  });
}

async function main() {
  const baseUrl = process.env.DATABASE_URL;
  let dbName: string | undefined;
  let admin: pg.Client | undefined;
  let url: string | undefined;
  if (baseUrl) {
    dbName = `sigilo_bench_${randomBytes(4).toString('hex')}`;
    admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(baseUrl);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'sigilo-bench-'));
  const ctx = await createContext(
    loadConfig({ ...(url ? { DATABASE_URL: url } : {}), SIGILO_MASTER_KEY: randomBytes(32).toString('base64'), DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    { embeddedDir: url ? undefined : 'memory', logDestination: new Writable({ write: (_c, _e, done) => done() }) },
  );
  try {
    const configs = [
      { label: 'hook off (bound)', terms: 0, regexes: 0, hook: false },
      { label: '0 rules', terms: 0, regexes: 0, hook: true },
      { label: '100 terms + 20 patterns', terms: 100, regexes: 20, hook: true },
      { label: '10,000 terms + 20 patterns', terms: 10_000, regexes: 20, hook: true },
    ];
    const orgs: string[] = [];
    for (const c of configs) {
      const { orgId } = await createOrganization(ctx, { orgName: `Bench ${c.label}`, country: 'BR', ownerName: 'Bench', ownerEmail: `bench.${randomUUID().slice(0, 8)}@example.test`, ownerPassword: 'correct-horse-battery-staple' });
      await setRules(ctx, orgId, c.terms, c.regexes);
      orgs.push(orgId);
    }
    const noop = { name: 'monitoring', onMessages: async () => {} };
    const real = { name: 'monitoring', onMessages: monitorMessages };
    const results = configs.map(() => ({ seconds: 0, messages: 0, ruleSeconds: 0, ruleMessages: 0, alerts: 0, rounds: [] as number[] }));

    // Warm-up: compile every rule set, JIT the pipeline.
    for (let k = 0; k < configs.length; k++) {
      registerIngestHook(configs[k]!.hook ? real : noop);
      await ingestMessages(ctx, messages(orgs[k]!, 200));
    }
    console.log(`ingesting ${PER_ROUND} messages per configuration and round, batches of ${BATCH}, ${ROUNDS} interleaved rounds, ${url ? 'PostgreSQL' : 'PGlite'}…`);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < configs.length; k++) {
        const c = configs[k]!;
        registerIngestHook(c.hook ? real : noop);
        const inputs = messages(orgs[k]!, PER_ROUND);
        const before = { ...ruleEvaluation };
        const started = performance.now();
        for (let i = 0; i < inputs.length; i += BATCH) await ingestMessages(ctx, inputs.slice(i, i + BATCH));
        const r = results[k]!;
        const seconds = (performance.now() - started) / 1000;
        r.seconds += seconds;
        r.rounds.push(inputs.length / seconds);
        r.messages += inputs.length;
        r.ruleSeconds += ruleEvaluation.seconds - before.seconds;
        r.ruleMessages += ruleEvaluation.messages - before.messages;
      }
    }
    registerIngestHook(real);
    for (let k = 0; k < configs.length; k++) {
      const n = await ctx.database.withTenant(orgs[k]!, (tx) => tx.selectFrom('alerts').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow());
      results[k]!.alerts = Number(n.n);
    }

    const rate = (k: number) => results[k]!.messages / results[k]!.seconds;
    const line = (...cols: string[]) => console.log(cols[0]!.padEnd(28) + cols.slice(1).map((c, i) => c.padStart(i === 0 ? 12 : 16)).join(''));
    console.log('');
    line('configuration', 'msg/s', 'vs 0 rules', 'vs hook off', 'rules µs/msg', 'alerts');
    line('-'.repeat(28), '-'.repeat(12), '-'.repeat(16), '-'.repeat(16), '-'.repeat(16), '-'.repeat(16));
    configs.forEach((c, k) => {
      const r = results[k]!;
      const slow = (base: number) => `${(((rate(base) - rate(k)) / rate(base)) * 100).toFixed(1)}%`;
      line(c.label, rate(k).toFixed(0), k >= 1 ? slow(1) : '—', slow(0), r.ruleMessages ? ((r.ruleSeconds / r.ruleMessages) * 1e6).toFixed(1) : '—', String(r.alerts));
    });
    // Rounds are interleaved, so each round's configurations ran under nearly the same load: the
    // median of the per-round ratios is steadier than the ratio of the totals.
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const paired = (k: number, base: number) => median(results[k]!.rounds.map((r, i) => 1 - r / results[base]!.rounds[i]!));
    console.log('');
    console.log('median per-round slowdown vs "0 rules":', configs.slice(2).map((c, i) => `${c.label} ${(paired(i + 2, 1) * 100).toFixed(1)}%`).join('; '));
    console.log(`noise floor (median per-round "0 rules" vs "hook off", same code path minus one small read): ${(paired(1, 0) * 100).toFixed(1)}%`);
    const slowdown = paired(3, 1);
    const cpuShare = results[3]!.ruleSeconds / results[3]!.seconds;
    console.log('');
    console.log(`10,000 terms + 20 patterns: throughput ${(slowdown * 100).toFixed(1)}% below "0 rules", median of rounds (target < ${TARGET_SLOWDOWN * 100}%: ${slowdown < TARGET_SLOWDOWN ? 'met' : 'not met'});`);
    console.log(`rule evaluation itself took ${(cpuShare * 100).toFixed(1)}% of that configuration's ingest time.`);

    // The access-anomaly scan reads the audit log after the fact, on worker nodes: what one pass
    // over a backlog of audit entries costs (reveals by 50 agents, logins from 2 networks each).
    const { orgId: auditOrg } = await createOrganization(ctx, { orgName: 'Bench audit', country: 'BR', ownerName: 'Bench', ownerEmail: `bench.${randomUUID().slice(0, 8)}@example.test`, ownerPassword: 'correct-horse-battery-staple' });
    const agents = Array.from({ length: 50 }, () => randomUUID());
    await detectAccessAnomalies(ctx, auditOrg); // cursor past the organisation's own entries
    const AUDIT = 5000;
    for (let i = 0; i < AUDIT; i += 500) {
      await ctx.database.withTenant(auditOrg, async (tx) => {
        for (let j = i; j < Math.min(AUDIT, i + 500); j++) {
          const id = agents[j % agents.length]!;
          const login = j % 25 === 0;
          await recordAuditEntry(tx, {
            orgId: auditOrg,
            actor: { type: 'user', id, label: 'agent' },
            action: login ? 'login.succeeded' : 'message.revealed',
            ip: login ? `203.0.${j % 2}.${(j % 200) + 1}` : '203.0.0.9',
            ...(login ? {} : { reason: 'checking the order', metadata: { contactId: randomUUID() } }),
          });
        }
      });
    }
    const scanStarted = performance.now();
    const scan = await detectAccessAnomalies(ctx, auditOrg);
    const scanMs = performance.now() - scanStarted;
    console.log(`anomaly scan: ${scan.scanned} audit entries in ${scanMs.toFixed(0)} ms (${((scanMs / scan.scanned) * 1000).toFixed(0)} µs per entry), ${scan.alerts} alerts; writing those entries took their writers ${AUDIT} inserts under the audit chain lock, which an on-insert check would have lengthened.`);
    console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} (shared; wall-clock figures vary with load)`);
  } finally {
    await ctx.jobs.stop().catch(() => {});
    await ctx.database.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    if (admin && dbName) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch((e: Error) => console.error('could not drop', dbName, e.message));
      await admin.query(`DROP DATABASE IF EXISTS ${dbName}_keys WITH (FORCE)`).catch((e: Error) => console.error('could not drop', `${dbName}_keys`, e.message));
      await admin.end();
    }
  }
}

let n = 0;
function messages(orgId: string, count: number): IngestInput[] {
  return Array.from({ length: count }, () => {
    const i = n++;
    return {
      orgId,
      channel: { id: null, type: 'api' as const },
      direction: 'inbound' as const,
      sender: { type: 'contact' as const },
      // 500 contacts per organisation: most messages continue an open conversation.
      contact: { identities: [{ kind: 'email' as const, value: `bench.${i % 500}@example.com` }] },
      text: templates[i % templates.length]!(),
    };
  });
}

await main();
