import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { ConfigError, describeConfig, loadConfig } from '../platform/config/load-config.js';
import type { Config } from '../platform/config/config-variables.js';
import type { AppContext } from '../platform/context.js';
import { createContext } from '../platform/create-context.js';
import { generateMasterKey } from '../platform/crypto/master-key.js';
import { Problem } from '../platform/http/problem.js';
import { systemActor } from '../modules/audit/actor.js';
import { verifyAuditChain } from '../modules/audit/verify-audit-chain.js';
import { createApiToken } from '../modules/api-tokens/create-api-token.js';
import { addAllowlistEntry } from '../modules/ip-allowlist/add-allowlist-entry.js';
import { clearAllowlist } from '../modules/ip-allowlist/clear-allowlist.js';
import { createOrganization } from '../modules/organizations/create-organization.js';

class CliError extends Error {}

/** Runs a command with a database context and closes it afterwards; CLI logs stay quiet. */
async function withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const config: Config = { ...loadConfig(), LOG_LEVEL: process.env.LOG_LEVEL ? loadConfig().LOG_LEVEL : 'warn' };
  const ctx = await createContext(config);
  try {
    return await fn(ctx);
  } finally {
    await ctx.events.close();
    await ctx.jobs.stop();
    await ctx.database.close();
  }
}

async function orgExists(ctx: AppContext, orgId: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(orgId)) throw new CliError(`--org must be an organisation id (UUID)`);
  const row = await ctx.database.withSystem((tx) => tx.selectFrom('organizations').select('id').where('id', '=', orgId).executeTakeFirst());
  if (!row) throw new CliError(`No organisation with id ${orgId}`);
}

function print(json: boolean, value: unknown, text: string) {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : text + '\n');
}

export function buildCli(): Command {
  const program = new Command('sigilo')
    .description('Sigilo: customer-service hub with LGPD/GDPR compliance built in')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('serve')
    .description('Run the HTTP API and/or the background worker')
    .addOption(new Option('--role <role>', 'what this node runs').choices(['all', 'api', 'worker']))
    .option('--demo', 'seed a demo organisation with agents and print how to log in')
    .action(async (opts: { role?: 'all' | 'api' | 'worker'; demo?: boolean }) => {
      const loaded = loadConfig();
      const config = { ...loaded, SIGILO_ROLE: opts.role ?? loaded.SIGILO_ROLE };
      // Loaded only here: the HTTP app and the PII engine are not needed by the other commands.
      const { startServer } = await import('../server.js');
      const server = await startServer(config, { demo: opts.demo });
      if (server.url) process.stdout.write(`Sigilo is running at http://localhost:${config.PORT}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.stop();
    });

  program
    .command('setup')
    .description('Create an organisation and its owner')
    .requiredOption('--org <name>', 'organisation name')
    .requiredOption('--email <email>', "owner's e-mail")
    .option('--password <password>', "owner's password (at least 12 characters); SIGILO_SETUP_PASSWORD keeps it out of the process list")
    .option('--name <name>', "owner's name", 'Owner')
    .addOption(new Option('--country <country>', 'jurisdiction').choices(['BR', 'ES', 'PT', 'EU']).default('BR'))
    .option('--json', 'print JSON')
    .action(async (opts: { org: string; email: string; password?: string; name: string; country: 'BR' | 'ES' | 'PT' | 'EU'; json?: boolean }) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email)) throw new CliError('--email must be an e-mail address');
      const password = opts.password ?? process.env.SIGILO_SETUP_PASSWORD;
      if (!password) throw new CliError('give the owner password with --password or SIGILO_SETUP_PASSWORD');
      const result = await withContext((ctx) =>
        createOrganization(ctx, { orgName: opts.org, country: opts.country, ownerName: opts.name, ownerEmail: opts.email, ownerPassword: password }),
      );
      print(!!opts.json, { orgId: result.orgId, userId: result.userId }, `Organisation ${result.slug} created (id ${result.orgId}); owner id ${result.userId}.`);
    });

  const token = program.command('token').description('API tokens');
  token
    .command('create')
    .description('Create an API token for an integration (shown once)')
    .requiredOption('--org <orgId>', 'organisation id')
    .requiredOption('--scopes <list>', 'comma-separated scopes, or "all"')
    .option('--name <name>', 'what the token is for', 'cli')
    .option('--days <days>', 'days until it expires (1-365)', '90')
    .option('--json', 'print JSON')
    .action(async (opts: { org: string; scopes: string; name: string; days: string; json?: boolean }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 365) throw new CliError('--days must be a whole number from 1 to 365');
      const created = await withContext(async (ctx) => {
        await orgExists(ctx, opts.org);
        return createApiToken(ctx, {
          orgId: opts.org,
          actor: systemActor('cli'),
          ip: null,
          name: opts.name,
          scopes: opts.scopes.split(',').map((s) => s.trim()).filter(Boolean),
          expiresInDays: days,
        });
      });
      print(!!opts.json, { token: created.token, id: created.id, expiresAt: created.expiresAt }, created.token);
    });

  const audit = program.command('audit').description('Audit log');
  audit
    .command('verify')
    .description('Check the hash chain; exits non-zero naming the first broken entry')
    .option('--org <orgId>', 'only this organisation')
    .option('--anchor <file>', 'heads saved earlier (the "heads" of a previous --json run): also catches truncation')
    .option('--json', 'print JSON (includes the current heads, to keep outside the database)')
    .action(async (opts: { org?: string; anchor?: string; json?: boolean }) => {
      let anchors: Map<string, { seq: number; hash: string }> | undefined;
      if (opts.anchor) {
        try {
          const parsed = JSON.parse(readFileSync(opts.anchor, 'utf8')) as { heads?: { orgId: string; seq: number; hash: string }[] };
          anchors = new Map((parsed.heads ?? []).map((h) => [h.orgId, { seq: h.seq, hash: h.hash }]));
        } catch {
          throw new CliError(`--anchor ${opts.anchor} is not a readable JSON report of a previous verify --json`);
        }
      }
      const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ format: 'verifying {bar} {value}/{total} entries' }, Presets.shades_classic) : null;
      const report = await withContext(async (ctx) => {
        if (opts.org) await orgExists(ctx, opts.org);
        let started = false;
        const r = await verifyAuditChain(ctx.database, {
          orgId: opts.org,
          anchors,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) (bar.start(total, 0), (started = true));
            bar.update(done);
          },
        });
        bar?.stop();
        return r;
      });
      const ok = report.breaks.length === 0;
      const text = ok
        ? `Audit chain intact: ${report.entries} entries in ${report.organizations} organisation(s).`
        : report.breaks.map((b) => `BROKEN organisation ${b.orgId}: ${b.detail} (${b.problem})`).join('\n');
      print(!!opts.json, { ok, ...report }, text);
      if (!ok) process.exitCode = 1;
    });

  const allowlist = program.command('allowlist').description("An organisation's IP allowlist (the owner's way back in)");
  allowlist
    .command('clear')
    .description('Remove every entry, allowing all addresses again')
    .requiredOption('--org <orgId>', 'organisation id')
    .action(async (opts: { org: string }) => {
      const removed = await withContext(async (ctx) => {
        await orgExists(ctx, opts.org);
        return ctx.database.withTenant(opts.org, (tx) => clearAllowlist(tx, { orgId: opts.org, actor: systemActor('cli') }));
      });
      process.stdout.write(`Allowlist cleared (${removed} entr${removed === 1 ? 'y' : 'ies'} removed).\n`);
    });
  allowlist
    .command('add')
    .description('Allow an address range')
    .requiredOption('--org <orgId>', 'organisation id')
    .requiredOption('--cidr <cidr>', 'IPv4/IPv6 address or CIDR range')
    .option('--label <label>', 'what the range is')
    .action(async (opts: { org: string; cidr: string; label?: string }) => {
      const entry = await withContext(async (ctx) => {
        await orgExists(ctx, opts.org);
        return ctx.database.withTenant(opts.org, (tx) =>
          addAllowlistEntry(tx, { orgId: opts.org, cidr: opts.cidr, label: opts.label, actor: systemActor('cli'), ip: null }),
        );
      });
      process.stdout.write(`Allowed ${entry.cidr}.\n`);
    });

  program
    .command('scan')
    .description('Find personal data in text: stdin or files, JSON lines, or one column of a CSV (no database needed)')
    .argument('[files...]', 'text files (stdin when none)')
    .option('--jsonl', 'input lines {"id","text","lang"?}; output lines {"id","entities":[…]}')
    .option('--mask', 'print the text masked')
    .option('--csv <file>', 'scan a CSV file…')
    .option('--column <name>', '…in this column, and write a report')
    .option('--report <file>', 'where the CSV report goes (stdout by default)')
    .addOption(new Option('--lang <lang>', 'language of the text (detected when absent)').choices(['pt', 'es', 'en']))
    .action(async (files: string[], opts: { jsonl?: boolean; mask?: boolean; csv?: string; column?: string; report?: string; lang?: 'pt' | 'es' | 'en' }) => {
      const { runScan } = await import('@sigilo/pii');
      process.exitCode = await runScan({
        files,
        jsonl: !!opts.jsonl,
        mask: !!opts.mask,
        csv: opts.csv,
        column: opts.column,
        report: opts.report,
        lang: opts.lang,
        stdin: process.stdin,
        stdout: process.stdout,
        stderr: process.stderr,
        isTTY: !!process.stderr.isTTY,
      });
    });

  program
    .command('migrate')
    .description('Apply database migrations and exit')
    .action(async () => {
      await withContext(async () => undefined);
      process.stdout.write('Database is up to date.\n');
    });

  program
    .command('keygen')
    .description('Print a new master key for SIGILO_MASTER_KEY')
    .action(() => {
      process.stdout.write(generateMasterKey() + '\n');
    });

  program
    .command('config')
    .description('Show every setting, its description and current value (secrets hidden)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const rows = describeConfig(loadConfig());
      print(!!opts.json, rows, rows.map((r) => `${r.name}=${r.value ?? ''}\n    ${r.description}`).join('\n'));
    });

  return program;
}

/** Runs the CLI and returns the exit code; errors become one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildCli().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const e = err as Error & { code?: string; exitCode?: number };
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 1; // commander already printed it
    if (err instanceof ConfigError || err instanceof CliError) {
      process.stderr.write(`sigilo: ${e.message}\n`);
      return 2;
    }
    if (err instanceof Problem) {
      const fields = err.extra.errors?.map((f) => `${f.field} ${f.message}`).join('; ');
      process.stderr.write(`sigilo: ${fields || err.detail || err.title}\n`);
      return 1;
    }
    process.stderr.write(`sigilo: ${e.message}\n`);
    return 1;
  }
}
