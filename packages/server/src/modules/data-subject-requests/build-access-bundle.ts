import type { AppContext } from '../../platform/context.js';
import { systemActor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { listConsentPurposes } from '../consent/list-consent-purposes.js';
import { loadContactKey, sealForContact, ShreddedKeyError } from '../contacts/contact-keys.js';
import { collectSubjectData } from './collect-subject-data.js';
import { completeInTx, type RequestJob } from './fulfil-request.js';
import { loadRequestForUpdate } from './load-request.js';
import { recordRequestStep } from './record-request-step.js';
import { renderBundle, type PurposeInfo } from './render-bundle.js';
import type { RequestLang } from './request-kinds.js';
import { zipArchive } from './zip-archive.js';

export const bundleAad = (orgId: string, exportId: string) => `${orgId}:data_subject_exports:${exportId}`;

/**
 * The access / portability job: reads every customer table the data map declares for the subject
 * (and their duplicate contacts), opens the originals (one audited reveal, counts only), renders
 * data.json, a CSV per category and an HTML report in the subject's language, zips them and seals
 * the bundle with the subject's data key, so erasing the subject also shreds the bundle.
 */
export async function buildAccessBundle(ctx: AppContext, job: RequestJob): Promise<void> {
  const actor = systemActor('data-subject-requests');
  await ctx.database.withTenant(job.orgId, async (tx) => {
    const request = await loadRequestForUpdate(tx, job.orgId, job.requestId);
    const exp = await tx
      .selectFrom('data_subject_exports')
      .select(['id', 'expires_at'])
      .where('org_id', '=', job.orgId)
      .where('request_id', '=', request.id)
      .where('status', '=', 'building')
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (!exp || !request.contact_id) return;
    const contactIds = [request.contact_id, ...(request.related_contact_ids ?? [])];
    const started = Date.now();
    const data = await collectSubjectData(tx, ctx, job.orgId, contactIds);
    await recordAuditEntry(tx, {
      orgId: job.orgId,
      actor,
      action: 'data_subject_request.originals_read',
      target: { type: 'data_subject_request', id: request.id },
      reason: `access bundle for data-subject request #${request.ref}`,
      metadata: { ref: request.ref, exportId: exp.id, contacts: contactIds.length, counts: data.counts },
    });
    const org = await tx.selectFrom('organizations').select(['name', 'country']).where('id', '=', job.orgId).executeTakeFirstOrThrow();
    const lang = request.language as RequestLang;
    const purposes = await listConsentPurposes(tx, job.orgId, { activeOnly: true });
    const purposeInfo: PurposeInfo[] = purposes.map((p) => ({
      key: p.key,
      name: p.names[lang] ?? p.names.en ?? p.key,
      legalBasis: p.legalBasis,
      articles: request.law === 'LGPD' ? p.lgpdArticle : p.gdprArticle,
      recipients: p.recipients ?? [],
      retention: p.retentionNote,
    }));
    const zip = zipArchive(
      renderBundle(data, {
        organisation: { name: org.name, country: org.country },
        request: { ref: request.ref, kind: request.kind, receivedAt: request.received_at, law: request.law },
        generatedAt: new Date(),
        language: lang,
        purposes: purposeInfo,
      }),
    );
    let key: Buffer;
    try {
      key = await loadContactKey(ctx, job.orgId, request.contact_id);
    } catch (err) {
      if (!(err instanceof ShreddedKeyError)) throw err;
      await tx.updateTable('data_subject_exports').set({ status: 'failed' }).where('org_id', '=', job.orgId).where('id', '=', exp.id).execute();
      await recordRequestStep(ctx, tx, { request, type: 'export_failed', actor, note: 'the subject was erased', notify: false });
      return;
    }
    await tx
      .updateTable('data_subject_exports')
      .set({ status: 'ready', bundle_sealed: sealForContact(key, zip, bundleAad(job.orgId, exp.id)), size_bytes: zip.length, counts: JSON.stringify(data.counts) })
      .where('org_id', '=', job.orgId)
      .where('id', '=', exp.id)
      .execute();
    await completeInTx(ctx, tx, request, actor, { exportId: exp.id, counts: data.counts, bundleExpiresAt: exp.expires_at.toISOString(), buildMs: Date.now() - started });
  });
}
