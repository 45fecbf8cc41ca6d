import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { dispatchOutbound } from '../channels/outbound.js';
import { ingestMessages, type IngestInput } from '../conversations/ingest-message.js';

/**
 * Sends the plain-language notice to every affected subject not yet notified, through the
 * channel of their latest conversation, as a system message that passes ingest like any reply
 * (so it is masked, sealed and monitored); each subject's notification is recorded with the
 * message it went out as. Subjects with no conversation are reported, for the DPO to reach
 * another way (Res. 15/2024 Art. 9 allows a public notice when individual notice is infeasible).
 */
export async function notifyIncidentSubjects(
  ctx: AppContext,
  input: { orgId: string; incidentId: string; actor: Actor; ip: string | null; text: string },
): Promise<{ notified: number; unreachable: number }> {
  const targets = await ctx.database.withTenant(input.orgId, async (tx) => {
    const incident = await tx.selectFrom('incidents').select('id').where('org_id', '=', input.orgId).where('id', '=', input.incidentId).executeTakeFirst();
    if (!incident) throw Problem.notFound('Incident');
    const pending = await tx
      .selectFrom('incident_subjects')
      .select('contact_id')
      .where('org_id', '=', input.orgId)
      .where('incident_id', '=', input.incidentId)
      .where('notified_at', 'is', null)
      .execute();
    if (!pending.length) return [];
    const conversations = await tx
      .selectFrom('conversations')
      .select(['id', 'contact_id', 'channel_id', 'channel_type', 'last_message_at'])
      .where('org_id', '=', input.orgId)
      .where('contact_id', 'in', pending.map((p) => p.contact_id))
      .orderBy('last_message_at', 'desc')
      .execute();
    const latest = new Map<string, (typeof conversations)[number]>();
    for (const c of conversations) if (!latest.has(c.contact_id)) latest.set(c.contact_id, c);
    return pending.map((p) => ({ contactId: p.contact_id, conversation: latest.get(p.contact_id) ?? null }));
  });
  const reachable = targets.filter((t) => t.conversation);
  const inputs: IngestInput[] = reachable.map((t) => ({
    orgId: input.orgId,
    channel: { id: t.conversation!.channel_id, type: t.conversation!.channel_type },
    direction: 'outbound',
    sender: { type: 'system' },
    contact: { contactId: t.contactId },
    conversationId: t.conversation!.id,
    text: input.text,
    state: 'queued',
    metadata: { incidentNotice: input.incidentId },
  }));
  const results = inputs.length ? await ingestMessages(ctx, inputs) : [];
  let notified = 0;
  const now = new Date();
  await ctx.database.withTenant(input.orgId, async (tx) => {
    for (let i = 0; i < results.length; i++) {
      const r = results[i]!;
      if (r instanceof Problem) continue;
      notified++;
      await tx
        .updateTable('incident_subjects')
        .set({ notified_at: now, notice_message_id: r.messageId })
        .where('org_id', '=', input.orgId)
        .where('incident_id', '=', input.incidentId)
        .where('contact_id', '=', reachable[i]!.contactId)
        .execute();
    }
    if (notified) {
      await tx.updateTable('incidents').set({ subjects_notified_at: now, updated_at: now }).where('org_id', '=', input.orgId).where('id', '=', input.incidentId).where('subjects_notified_at', 'is', null).execute();
    }
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'incident.subjects_notified',
      target: { type: 'incident', id: input.incidentId },
      ip: input.ip,
      metadata: { notified, unreachable: targets.length - reachable.length },
    });
  });
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r instanceof Problem) continue;
    const conv = reachable[i]!.conversation!;
    await dispatchOutbound(ctx, { orgId: input.orgId, messageId: r.messageId, conversationId: r.conversationId, contactId: r.contactId, channelId: conv.channel_id, channelType: conv.channel_type }).catch((err: unknown) =>
      ctx.logger.warn({ err, incidentId: input.incidentId }, 'incident notice could not be dispatched'),
    );
  }
  return { notified, unreachable: targets.length - reachable.length };
}
