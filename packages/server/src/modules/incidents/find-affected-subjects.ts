import type { AppContext } from '../../platform/context.js';
import { sql } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';

export interface SubjectCriteria {
  /** Contacts whose originals this user revealed, or whom they wrote to. */
  agentId?: string;
  /** Contacts whose originals this API token revealed. */
  tokenId?: string;
  /** Contacts with messages on this channel. */
  channelId?: string;
  from?: Date;
  to?: Date;
}

export interface AffectedSubject {
  contactId: string;
  displayName: string;
  /** How the data was touched: revealed (audit log), messaged (messages), channel (messages on the channel). */
  via: string[];
  touches: number;
}

export const MAX_SUBJECTS = 10_000;

/**
 * The contacts whose data an agent, a token, a channel or a time window touched, from the audit
 * log (reveals name their contact) and the messages table (the data map's customer content).
 * Names are the display names agents already see; identifiers stay sealed.
 */
export async function findAffectedSubjects(ctx: AppContext, orgId: string, c: SubjectCriteria): Promise<{ subjects: AffectedSubject[]; truncated: boolean }> {
  if (!c.agentId && !c.tokenId && !c.channelId && !c.from && !c.to) throw Problem.field('agentId', 'give an agent, a token, a channel or a time window');
  if (c.from && c.to && c.from > c.to) throw Problem.field('to', 'must be after from');
  return ctx.database.withTenant(orgId, async (tx) => {
    const parts = [];
    const window = (col: string) => sql.join([c.from ? sql`${sql.ref(col)} >= ${c.from}` : sql`true`, c.to ? sql`${sql.ref(col)} <= ${c.to}` : sql`true`], sql` AND `);
    if (c.agentId || c.tokenId) {
      parts.push(sql`SELECT (metadata->>'contactId')::uuid AS contact_id, 'revealed' AS via FROM audit_log
        WHERE org_id = ${orgId} AND action IN ('message.revealed', 'identity.revealed') AND metadata ? 'contactId'
          AND actor_id = ${c.agentId ?? c.tokenId} AND actor_type = ${c.agentId ? 'user' : 'token'} AND ${window('at')}`);
    }
    if (c.agentId) {
      parts.push(sql`SELECT contact_id, 'messaged' AS via FROM messages WHERE org_id = ${orgId} AND sender_id = ${c.agentId} AND ${window('created_at')}`);
    }
    if (c.channelId) {
      parts.push(sql`SELECT contact_id, 'channel' AS via FROM messages WHERE org_id = ${orgId} AND channel_id = ${c.channelId} AND ${window('created_at')}`);
    }
    if (!c.agentId && !c.tokenId && !c.channelId) {
      parts.push(sql`SELECT contact_id, 'messaged' AS via FROM messages WHERE org_id = ${orgId} AND ${window('created_at')}`);
    }
    const rows = await sql<{ contact_id: string; display_name: string; via: string[]; touches: string }>`
      SELECT t.contact_id, COALESCE(ct.display_name, '') AS display_name, array_agg(DISTINCT t.via) AS via, count(*) AS touches
      FROM (${sql.join(parts, sql` UNION ALL `)}) AS t
      JOIN contacts ct ON ct.org_id = ${orgId} AND ct.id = t.contact_id
      GROUP BY t.contact_id, ct.display_name
      ORDER BY count(*) DESC, t.contact_id
      LIMIT ${MAX_SUBJECTS + 1}`.execute(tx);
    const subjects = rows.rows.slice(0, MAX_SUBJECTS).map((r) => ({ contactId: r.contact_id, displayName: r.display_name, via: r.via, touches: Number(r.touches) }));
    return { subjects, truncated: rows.rows.length > MAX_SUBJECTS };
  });
}

/** Adds the subjects found to the incident's list (for notices), and records how they were found. */
export async function addIncidentSubjects(
  ctx: AppContext,
  input: { orgId: string; incidentId: string; actor: Actor; ip: string | null; criteria: SubjectCriteria },
): Promise<{ added: number; total: number }> {
  const { subjects } = await findAffectedSubjects(ctx, input.orgId, input.criteria);
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const incident = await tx.selectFrom('incidents').select('id').where('org_id', '=', input.orgId).where('id', '=', input.incidentId).executeTakeFirst();
    if (!incident) throw Problem.notFound('Incident');
    const source = JSON.stringify({ ...input.criteria });
    const inserted = subjects.length
      ? await tx
          .insertInto('incident_subjects')
          .values(subjects.map((s) => ({ org_id: input.orgId, incident_id: incident.id, contact_id: s.contactId, source })))
          .onConflict((oc) => oc.columns(['org_id', 'incident_id', 'contact_id']).doNothing())
          .returning('contact_id')
          .execute()
      : [];
    const total = await tx.selectFrom('incident_subjects').select((eb) => eb.fn.countAll<string>().as('n')).where('org_id', '=', input.orgId).where('incident_id', '=', incident.id).executeTakeFirstOrThrow();
    await tx.updateTable('incidents').set({ approx_subjects: Number(total.n), updated_at: new Date() }).where('org_id', '=', input.orgId).where('id', '=', incident.id).where(sql<boolean>`coalesce(approx_subjects, 0) < ${Number(total.n)}`).execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'incident.subjects_added',
      target: { type: 'incident', id: incident.id },
      ip: input.ip,
      metadata: { added: inserted.length, total: Number(total.n) },
    });
    return { added: inserted.length, total: Number(total.n) };
  });
}
