import type { AppContext } from '../../platform/context.js';
import type { AlertOutcome } from '../../platform/db/schema.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { isRole, rolePermissions } from '../auth/permissions.js';
import { enqueueWebhookEvent } from '../webhooks/enqueue-webhook-event.js';
import { recordAlertEvent } from './alert-events.js';

export type AlertAction =
  | { type: 'acknowledge' }
  | { type: 'assign'; assigneeId: string | null }
  | { type: 'comment'; comment: string }
  | { type: 'resolve'; outcome: AlertOutcome; comment?: string }
  | { type: 'reopen' };

/**
 * The DPO's or a supervisor's handling of an alert: acknowledge, assign (to someone who may act
 * on alerts), comment, resolve with an outcome, reopen. Each step joins the alert's timeline and
 * the audit log in one transaction; resolving sends `alert.resolved` to webhooks.
 */
export async function actOnAlert(
  ctx: AppContext,
  input: { orgId: string; alertId: string; actor: Actor; actorUserId: string | null; ip: string | null; action: AlertAction },
): Promise<void> {
  const { action } = input;
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const alert = await tx.selectFrom('alerts').select(['id', 'status', 'severity', 'rule_name']).where('org_id', '=', input.orgId).where('id', '=', input.alertId).forUpdate().executeTakeFirst();
    if (!alert) throw Problem.notFound('Alert');
    const now = new Date();
    switch (action.type) {
      case 'acknowledge':
        if (alert.status !== 'open') throw Problem.conflict(`The alert is already ${alert.status}.`);
        await tx.updateTable('alerts').set({ status: 'acknowledged', acknowledged_at: now, acknowledged_by: input.actorUserId, updated_at: now }).where('org_id', '=', input.orgId).where('id', '=', alert.id).execute();
        break;
      case 'assign': {
        if (action.assigneeId) {
          const user = await tx.selectFrom('users').select(['id', 'role']).where('org_id', '=', input.orgId).where('id', '=', action.assigneeId).where('disabled_at', 'is', null).executeTakeFirst();
          if (!user) throw Problem.field('assigneeId', 'no active user with this id');
          if (!isRole(user.role) || !rolePermissions[user.role].has('alerts:manage')) throw Problem.field('assigneeId', 'this user may not act on alerts (DPO, supervisor or admin)');
        }
        await tx.updateTable('alerts').set({ assignee_id: action.assigneeId, updated_at: now }).where('org_id', '=', input.orgId).where('id', '=', alert.id).execute();
        break;
      }
      case 'comment':
        break;
      case 'resolve':
        if (alert.status === 'resolved') throw Problem.conflict('The alert is already resolved.');
        await tx
          .updateTable('alerts')
          .set({ status: 'resolved', outcome: action.outcome, resolved_at: now, resolved_by: input.actorUserId, updated_at: now })
          .where('org_id', '=', input.orgId)
          .where('id', '=', alert.id)
          .execute();
        await enqueueWebhookEvent(ctx, tx, input.orgId, 'alert.resolved', { alertId: alert.id, outcome: action.outcome, severity: alert.severity, rule: alert.rule_name });
        break;
      case 'reopen':
        if (alert.status !== 'resolved') throw Problem.conflict('Only a resolved alert can be reopened.');
        await tx.updateTable('alerts').set({ status: 'open', outcome: null, resolved_at: null, resolved_by: null, updated_at: now }).where('org_id', '=', input.orgId).where('id', '=', alert.id).execute();
        break;
    }
    const data: Record<string, unknown> =
      action.type === 'assign' ? { assigneeId: action.assigneeId } : action.type === 'resolve' ? { outcome: action.outcome } : {};
    await recordAlertEvent(tx, {
      orgId: input.orgId,
      alertId: alert.id,
      type: eventType[action.type],
      actorId: input.actorUserId,
      comment: action.type === 'comment' || action.type === 'resolve' ? (action.comment ?? null) : null,
      data,
    });
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: `alert.${eventType[action.type]}`,
      target: { type: 'alert', id: alert.id },
      ip: input.ip,
      // Comments stay in the alert's timeline; the audit log records that one was written.
      metadata: data,
    });
  });
  ctx.events.publish(input.orgId, { type: 'alert.updated', alertId: input.alertId });
}

const eventType = { acknowledge: 'acknowledged', assign: 'assigned', comment: 'commented', resolve: 'resolved', reopen: 'reopened' } as const;
