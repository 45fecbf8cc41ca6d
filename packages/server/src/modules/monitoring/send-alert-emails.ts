import nodemailer, { type Transporter } from 'nodemailer';
import type { AppContext } from '../../platform/context.js';
import { rolePermissions, isRole } from '../auth/permissions.js';

let transport: { key: string; transporter: Transporter } | undefined;

/** The SMTP transport of the configuration, or null when SMTP_HOST is unset. */
export function mailTransport(ctx: AppContext): Transporter | null {
  const c = ctx.config;
  if (!c.SMTP_HOST) return null;
  const key = `${c.SMTP_HOST}:${c.SMTP_PORT}:${c.SMTP_SECURE}:${c.SMTP_USER ?? ''}`;
  if (!transport || transport.key !== key) {
    transport = {
      key,
      transporter: nodemailer.createTransport({
        host: c.SMTP_HOST,
        port: c.SMTP_PORT,
        secure: c.SMTP_SECURE,
        ...(c.SMTP_USER ? { auth: { user: c.SMTP_USER, pass: c.SMTP_PASSWORD ?? '' } } : {}),
      }),
    };
  }
  return transport.transporter;
}

/** Active users whose role may act on alerts: the DPO, supervisors, admins and owners. */
export async function alertRecipients(ctx: AppContext, orgId: string): Promise<string[]> {
  const users = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('users').select(['email', 'role']).where('disabled_at', 'is', null).execute());
  return users.filter((u) => isRole(u.role) && rolePermissions[u.role].has('alerts:manage')).map((u) => u.email);
}

const severityLabel: Record<string, string> = { low: 'low / baixa', medium: 'medium / média', high: 'high / alta', critical: 'CRITICAL / CRÍTICA' };

/**
 * Works the organisation's e-mail outbox: alerts marked pending at creation (severity at or above
 * the organisation's e-mail threshold, SMTP configured) are claimed (SKIP LOCKED, so two workers
 * never send the same one), then one e-mail goes to the people who act on alerts. It names the
 * rule, the severity and a link to the console, never the message text or who the customer is.
 * A failed send puts the alerts back in the outbox for the next sweep.
 */
export async function sendPendingAlertEmails(ctx: AppContext, orgId: string): Promise<{ alerts: number; recipients: number }> {
  const transporter = mailTransport(ctx);
  if (!transporter) return { alerts: 0, recipients: 0 };
  const claimed = await ctx.database.withTenant(orgId, async (tx) => {
    const pending = await tx
      .selectFrom('alerts')
      .select(['id'])
      .where('org_id', '=', orgId)
      .where('email_state', '=', 'pending')
      .orderBy('created_at')
      .limit(100)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!pending.length) return [];
    return tx
      .updateTable('alerts')
      .set({ email_state: 'sent' })
      .where('org_id', '=', orgId)
      .where('id', 'in', pending.map((p) => p.id))
      .returning(['id', 'rule_name', 'severity', 'kind', 'created_at'])
      .execute();
  });
  if (!claimed.length) return { alerts: 0, recipients: 0 };
  const to = await alertRecipients(ctx, orgId);
  if (!to.length) return { alerts: claimed.length, recipients: 0 };
  const base = (ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/$/, '');
  const order = ['low', 'medium', 'high', 'critical'];
  const worst = claimed.map((a) => a.severity).sort((a, b) => order.indexOf(b) - order.indexOf(a))[0]!;
  const lines = claimed.map((a) => `- [${severityLabel[a.severity]}] ${a.rule_name}\n  ${base}/dpo?tab=alerts&alert=${a.id}`);
  try {
    await transporter.sendMail({
      from: ctx.config.SMTP_FROM,
      // Each recipient sees only themselves.
      bcc: to,
      subject: `[Sigilo] ${claimed.length === 1 ? claimed[0]!.rule_name : `${claimed.length} alerts / alertas`} (${worst})`,
      text: `Sigilo raised ${claimed.length} alert(s) / Sigilo gerou ${claimed.length} alerta(s):\n\n${lines.join('\n')}\n\nOpen the DPO console to see the masked context and act.\nAbra o console do encarregado para ver o contexto mascarado e agir.\n`,
    });
  } catch (err) {
    await ctx.database.withTenant(orgId, (tx) =>
      tx.updateTable('alerts').set({ email_state: 'pending' }).where('org_id', '=', orgId).where('id', 'in', claimed.map((a) => a.id)).execute(),
    );
    throw err;
  }
  return { alerts: claimed.length, recipients: to.length };
}
