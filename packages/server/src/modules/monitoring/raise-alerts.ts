import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { afterCommit, type Tx } from '../../platform/db/database.js';
import type { AnomalyKind, Severity } from '../../platform/db/schema.js';
import { enqueueWebhookEvents } from '../webhooks/enqueue-webhook-event.js';
import { severityRank } from './compile-rules.js';
import type { MonitoringSettings } from './monitoring-settings.js';

export interface NewAlert {
  kind: 'rule' | 'anomaly';
  ruleId: string | null;
  ruleName: string;
  anomaly?: AnomalyKind;
  severity: Severity;
  messageId?: string | null;
  conversationId?: string | null;
  contactId?: string | null;
  agentId?: string | null;
  direction?: string | null;
  matched: string[];
  details?: Record<string, unknown>;
  createdAt?: Date;
}

/**
 * Writes alerts in one statement inside the caller's transaction, and queues their deliveries
 * with them: a signed webhook `alert.created` and an e-mail to the DPO and supervisors, each from
 * the severity the organisation chose. The console hears of them over the realtime feed, which
 * only users allowed to read alerts receive. Payloads carry ids, rule names and severities only.
 */
export async function raiseAlerts(ctx: AppContext, tx: Tx, orgId: string, settings: MonitoringSettings, alerts: NewAlert[]): Promise<string[]> {
  if (!alerts.length) return [];
  const reaches = (min: Severity | 'never', severity: Severity) => min !== 'never' && severityRank(severity) >= severityRank(min);
  const rows = alerts.map((a) => ({
    org_id: orgId,
    id: randomUUID(),
    kind: a.kind,
    rule_id: a.ruleId,
    rule_name: a.ruleName,
    anomaly: a.anomaly ?? null,
    severity: a.severity,
    message_id: a.messageId ?? null,
    conversation_id: a.conversationId ?? null,
    contact_id: a.contactId ?? null,
    agent_id: a.agentId ?? null,
    direction: a.direction ?? null,
    matched: a.matched,
    details: JSON.stringify(a.details ?? {}),
    // E-mail goes through an outbox worked by the worker nodes (see send-alert-emails.ts).
    email_state: ctx.config.SMTP_HOST && reaches(settings.emailMinSeverity, a.severity) ? ('pending' as const) : null,
    ...(a.createdAt ? { created_at: a.createdAt } : {}),
  }));
  await tx.insertInto('alerts').values(rows).execute();

  const hooked = rows.filter((r) => reaches(settings.webhookMinSeverity, r.severity));
  await enqueueWebhookEvents(
    ctx,
    tx,
    orgId,
    'alert.created',
    hooked.map((r) => ({
      alertId: r.id,
      kind: r.kind,
      rule: r.rule_name,
      ruleId: r.rule_id,
      anomaly: r.anomaly,
      severity: r.severity,
      messageId: r.message_id,
      conversationId: r.conversation_id,
      contactId: r.contact_id,
      agentId: r.agent_id,
      matched: r.matched,
    })),
  );
  // Pushed once the ingest transaction commits, so a listener that fetches the alert finds it.
  afterCommit(tx, () => {
    for (const r of rows) ctx.events.publish(orgId, { type: 'alert.created', alertId: r.id, severity: r.severity });
  });
  return rows.map((r) => r.id);
}
