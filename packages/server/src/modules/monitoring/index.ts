import type { AppContext } from '../../platform/context.js';
import { registerIngestHook } from '../conversations/ingest-message.js';
import { sendIncidentReminders } from '../incidents/send-incident-reminders.js';
import { detectAccessAnomalies } from './detect-access-anomalies.js';
import { monitorMessages } from './monitor-messages.js';
import { sendPendingAlertEmails } from './send-alert-emails.js';

/** Watch rules run inside ingest, for every new message of both directions. */
export function registerMonitoring(): void {
  registerIngestHook({ name: 'monitoring', onMessages: monitorMessages });
}

/** How often worker nodes scan the audit log for access anomalies and check incident deadlines. */
export const monitoringTiming = { scanIntervalMs: 10_000 };

/**
 * The worker side: a periodic sweep over every organisation for alert e-mails (the outbox),
 * access anomalies (the audit log since the last scan) and incident reminders. The sweep is a
 * timer on each worker node rather than a job-queue schedule (the queue offers none today, and a
 * job enqueued from inside ingest would have to create its queue inside the transaction); the
 * outbox and the anomaly cursor are claimed with SKIP LOCKED and reminders are recorded once, so
 * several workers sweeping at once do the work once.
 */
export function startMonitoringWorkers(ctx: AppContext): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      await sweepOrganizations(ctx);
    } catch (err) {
      ctx.logger.warn({ err }, 'monitoring sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), monitoringTiming.scanIntervalMs);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}

/** One pass over every organisation: e-mails, anomalies, then reminders. */
export async function sweepOrganizations(ctx: AppContext, now = new Date()): Promise<{ organizations: number; scanned: number; alerts: number; reminders: number; emailed: number }> {
  const orgs = await ctx.database.withSystem((tx) => tx.selectFrom('organizations').select('id').execute());
  let scanned = 0;
  let alerts = 0;
  let reminders = 0;
  let emailed = 0;
  for (const { id } of orgs) {
    emailed += await sendPendingAlertEmails(ctx, id).then(
      (r) => r.alerts,
      (err: unknown) => (ctx.logger.warn({ err }, 'alert e-mail failed; retried at the next sweep'), 0),
    );
    const r = await detectAccessAnomalies(ctx, id);
    scanned += r.scanned;
    alerts += r.alerts;
    reminders += (await sendIncidentReminders(ctx, id, now)).length;
  }
  return { organizations: orgs.length, scanned, alerts, reminders, emailed };
}
