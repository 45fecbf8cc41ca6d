import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import { personalDataTables } from '../../platform/data-map/personal-data.js';
import { systemActor } from '../audit/actor.js';
import { shredSubjectKey } from '../contacts/contact-keys.js';
import { completeInTx, type RequestJob } from './fulfil-request.js';
import { loadRequestForUpdate } from './load-request.js';
import { revealRequesterEmail, sendRequesterEmail } from './notify-requester.js';
import type { RequestLang } from './request-kinds.js';

export interface ErasureCertificate {
  requestRef: number;
  requestId: string;
  jobId: string;
  erasedAt: string;
  law: string;
  contacts: number;
  /** The subject's data keys now gone from the key vault: shredded by this run, or before it. */
  dataKeysShredded: number;
  /**
   * Of those, keys already gone when this run started: shredded by an earlier attempt of this job
   * (the vault commits before the rows' transaction, which may have failed and been retried) or by
   * an earlier erasure of the same person.
   */
  dataKeysShreddedBefore: number;
  erased: Array<{ table: string; module: string; strategy: 'delete' | 'anonymise'; rows: number; columns?: string[] }>;
  kept: Array<{ table: string; module: string; rows: number; legalBasis: string; retention: string }>;
}

// Children before parents, so every table's count is its own (not swallowed by a cascade).
const DELETE_FIRST = ['attachments', 'messages', 'conversations', 'contact_identities'];
const DELETE_LAST = ['contacts'];

/**
 * Erases a subject in one transaction: shreds their data keys in the key vault (every sealed copy,
 * here and in any backup of this database, becomes unreadable), then applies each customer table's declared strategy — delete,
 * anonymise the named columns, or keep under the named legal basis — and issues a certificate with
 * counts and no content. The requester is told after the commit, at the address read before.
 */
export async function eraseSubject(ctx: AppContext, job: RequestJob, jobId: string): Promise<ErasureCertificate | null> {
  const actor = systemActor('data-subject-requests');
  const result = await ctx.database.withTenant(job.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, job.orgId, job.requestId);
    if (request.status !== 'in_progress' || !request.contact_id) return null;
    const contactIds = [request.contact_id, ...(request.related_contact_ids ?? [])];
    const email = await revealRequesterEmail(ctx, tx, request, 'tell the requester that the erasure was done');

    // The keys go from the vault first, before this transaction deletes the rows: should it fail
    // after, the subject is already unreadable and the retried job finishes the rows.
    let shreddedBefore = 0;
    for (const id of contactIds) if (!(await shredSubjectKey(ctx, job.orgId, id))) shreddedBefore++;

    const certificate: ErasureCertificate = {
      requestRef: request.ref,
      requestId: request.id,
      jobId,
      erasedAt: new Date().toISOString(),
      law: request.law,
      contacts: contactIds.length,
      dataKeysShredded: contactIds.length,
      dataKeysShreddedBefore: shreddedBefore,
      erased: [],
      kept: [],
    };
    const customer = personalDataTables.filter((d) => d.dataSubject === 'customer');
    const rank = (t: string) => (DELETE_FIRST.includes(t) ? DELETE_FIRST.indexOf(t) - 100 : DELETE_LAST.includes(t) ? 100 : 0);
    for (const d of [...customer].sort((a, b) => rank(a.table) - rank(b.table))) {
      const where = sql`org_id = ${job.orgId} AND ${sql.ref(d.subjectColumn)} = ANY(${contactIds}::uuid[])`;
      if (d.erase.strategy === 'keep') {
        const n = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(d.table)} WHERE ${where}`.execute(tx);
        const rows = Number(n.rows[0]?.n ?? 0);
        if (rows) certificate.kept.push({ table: d.table, module: d.module, rows, legalBasis: d.erase.legalBasis, retention: d.erase.retention });
      } else if (d.erase.strategy === 'delete') {
        const res = await sql`DELETE FROM ${sql.table(d.table)} WHERE ${where}`.execute(tx);
        certificate.erased.push({ table: d.table, module: d.module, strategy: 'delete', rows: Number(res.numAffectedRows ?? 0) });
      } else {
        const cols = d.erase.columns;
        const res = await sql`UPDATE ${sql.table(d.table)} SET ${sql.join(cols.map((c) => sql`${sql.ref(c)} = NULL`))} WHERE ${where}`.execute(tx);
        certificate.erased.push({ table: d.table, module: d.module, strategy: 'anonymise', rows: Number(res.numAffectedRows ?? 0), columns: cols });
      }
    }
    // Audit entries stay (accountability): they hold ids and actions, never the subject's content.
    const fresh = await loadRequestForUpdate(tx, job.orgId, job.requestId);
    await completeInTx(ctx, tx, fresh, actor, { certificate }, null, null);
    return { certificate, email, lang: request.language as RequestLang, ref: request.ref, orgId: request.org_id, requestId: request.id };
  });
  if (!result) return null;
  if (result.email) await sendRequesterEmail(ctx, { orgId: result.orgId, requestId: result.requestId, to: result.email, lang: result.lang, ref: result.ref, step: 'erased', certificate: result.certificate });
  return result.certificate;
}
