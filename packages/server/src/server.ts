import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config/config-variables.js';
import { ConfigError } from './platform/config/load-config.js';
import type { AppContext } from './platform/context.js';
import { createContext } from './platform/create-context.js';
import { buildApp } from './platform/http/app.js';
import { seedDemo } from './modules/demo/seed-demo.js';
import { purgeExpiredSessions } from './modules/auth/purge-expired-sessions.js';
import { startWhatsAppWorkers } from './modules/channels/whatsapp/index.js';
import { startWebhookWorkers } from './modules/webhooks/deliver-webhook.js';
import { startConsentWorkers } from './modules/consent/index.js';
import { startMonitoringWorkers } from './modules/monitoring/index.js';
import { startDataSubjectRequestWorkers } from './modules/data-subject-requests/index.js';
import { startContactKeySweep } from './modules/contacts/sweep-orphan-contact-keys.js';

export interface RunningServer {
  ctx: AppContext;
  app?: FastifyInstance;
  url?: string;
  stop(): Promise<void>;
}

/** `sigilo serve`: API and/or worker on one database. */
export async function startServer(config: Config, options: { demo?: boolean } = {}): Promise<RunningServer> {
  const ctx = await createContext(config, { worker: config.SIGILO_ROLE !== 'api' });
  const log = ctx.logger;
  log.info({ database: ctx.database.mode, role: config.SIGILO_ROLE }, 'database ready');

  if (options.demo || config.SIGILO_DEMO) {
    // Demo logins have a published password: never on a production database.
    if (config.DATABASE_URL) throw new ConfigError('The demo (--demo, SIGILO_DEMO) runs only on the embedded database, not with DATABASE_URL.');
    const demo = await seedDemo(ctx);
    // Printed for the person at the terminal; these are demo credentials, not real users' data.
    process.stdout.write(
      demo.created
        ? `\nDemo organisation "${demo.orgName}" created. Sign in at http://localhost:${config.PORT} with:\n${demo.logins.map((l) => `  ${l.role.padEnd(10)} ${l.email}  ${l.password}`).join('\n')}\n\n`
        : `\nDemo organisation already present; sign in with the demo logins printed on first start (password ${demo.password}).\n\n`,
    );
  }

  let app: FastifyInstance | undefined;
  let url: string | undefined;
  if (config.SIGILO_ROLE !== 'worker') {
    app = await buildApp(ctx);
    url = await app.listen({ port: config.PORT, host: config.HOST });
    log.info({ port: (app.server.address() as { port: number }).port }, 'sigilo listening');
  }
  let housekeeping: NodeJS.Timeout | undefined;
  let stopConsent = () => {};
  let stopMonitoring = () => {};
  let stopKeySweep = () => {};
  if (config.SIGILO_ROLE !== 'api') {
    // Background jobs (retention, exports, delivery) attach here as the modules that need them land.
    const sweep = () =>
      purgeExpiredSessions(ctx).then(
        (n) => n && log.info({ sessions: n }, 'expired sessions purged'),
        (err: unknown) => log.warn({ err }, 'session purge failed'),
      );
    void sweep();
    await startWhatsAppWorkers(ctx);
    await startWebhookWorkers(ctx);
    stopConsent = await startConsentWorkers(ctx);
    await startDataSubjectRequestWorkers(ctx);
    stopMonitoring = startMonitoringWorkers(ctx);
    stopKeySweep = startContactKeySweep(ctx);
    housekeeping = setInterval(sweep, 10 * 60_000).unref();
    log.info('worker role active');
  }

  return {
    ctx,
    app,
    url,
    async stop() {
      clearInterval(housekeeping);
      stopConsent();
      stopMonitoring();
      stopKeySweep();
      await app?.close();
      await ctx.events.close();
      await ctx.jobs.stop();
      await ctx.database.close();
    },
  };
}
