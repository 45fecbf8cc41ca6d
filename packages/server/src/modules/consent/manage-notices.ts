import { createHash, randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { systemActor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { ensureConsentSetup } from './default-purposes.js';
import { jurisdictionOf } from './legal-bases.js';
import { listPurposes } from './manage-purposes.js';
import { buildNoticeContent, canonicalJson, consentTerms, type NoticeContent, type NoticeSettings } from './render-notice.js';

export interface NoticeVersion {
  id: string;
  version: number;
  effectiveAt: Date;
  contentHash: string;
  renewalPurposes: string[];
  changeNote: string;
  publishedBy: string | null;
  createdAt: Date;
  content: NoticeContent;
}

type NoticeRow = { id: string; version: number; effective_at: Date; content_hash: string; renewal_purposes: string[]; change_note: string; published_by: string | null; created_at: Date; content: unknown };

function toVersion(r: NoticeRow): NoticeVersion {
  return {
    id: r.id,
    version: r.version,
    effectiveAt: r.effective_at,
    contentHash: r.content_hash,
    renewalPurposes: r.renewal_purposes,
    changeNote: r.change_note,
    publishedBy: r.published_by,
    createdAt: r.created_at,
    content: r.content as NoticeContent,
  };
}

export function contentHash(content: NoticeContent): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export async function getNoticeSettings(tx: Tx, orgId: string): Promise<NoticeSettings> {
  await ensureConsentSetup(tx, orgId);
  const r = await tx.selectFrom('consent_settings').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
  return {
    controllerName: r.controller_name,
    controllerIdNumber: r.controller_id_number,
    controllerAddress: r.controller_address,
    controllerEmail: r.controller_email,
    dpoName: r.dpo_name,
    dpoEmail: r.dpo_email,
    rightsUrl: r.rights_url,
    texts: r.texts as NoticeSettings['texts'],
  };
}

export async function updateNoticeSettings(ctx: AppContext, input: { orgId: string; actor: Actor; ip: string | null; settings: NoticeSettings }): Promise<NoticeSettings> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    await ensureConsentSetup(tx, input.orgId);
    const s = input.settings;
    await tx
      .updateTable('consent_settings')
      .set({
        controller_name: s.controllerName,
        controller_id_number: s.controllerIdNumber,
        controller_address: s.controllerAddress,
        controller_email: s.controllerEmail,
        dpo_name: s.dpoName,
        dpo_email: s.dpoEmail,
        rights_url: s.rightsUrl,
        texts: JSON.stringify(s.texts),
        updated_at: new Date(),
      })
      .where('org_id', '=', input.orgId)
      .execute();
    await recordAuditEntry(tx, { orgId: input.orgId, actor: input.actor, action: 'consent.notice_settings_updated', ip: input.ip });
    return getNoticeSettings(tx, input.orgId);
  });
}

/** The notice as it would be published now, from the current purposes and settings. */
export async function draftNotice(tx: Tx, orgId: string): Promise<NoticeContent> {
  const settings = await getNoticeSettings(tx, orgId);
  const purposes = await listPurposes(tx, orgId);
  const org = await tx.selectFrom('organizations').select(['name', 'slug', 'country']).where('id', '=', orgId).executeTakeFirstOrThrow();
  return buildNoticeContent({ organization: org, jurisdiction: jurisdictionOf(org.country), settings, purposes });
}

/** Consent-based purposes whose terms differ from the previous version: their consents need renewal. */
export function purposesNeedingRenewal(previous: NoticeContent | null, next: NoticeContent): string[] {
  if (!previous) return [];
  const before = new Map(previous.purposes.map((p) => [p.id, p]));
  return next.purposes
    .filter((p) => p.requiresConsent)
    .filter((p) => {
      const old = before.get(p.id);
      return old && consentTerms(old) !== consentTerms(p);
    })
    .map((p) => p.key);
}

export async function latestNotice(tx: Tx, orgId: string, at = new Date()): Promise<NoticeVersion | null> {
  const row = await tx
    .selectFrom('privacy_notices')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('effective_at', '<=', at)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toVersion(row) : null;
}

/**
 * Publishes a new immutable version. A version whose content equals the current one is refused
 * (nothing to publish). Its effective date may be in the future (announce a change ahead); until
 * then the previous version stays in force.
 */
export async function publishNotice(
  ctx: AppContext,
  tx: Tx,
  input: { orgId: string; actor: Actor; ip: string | null; effectiveAt?: Date; changeNote?: string },
): Promise<NoticeVersion> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'notice:' + input.orgId}, 0))`.execute(tx);
  const content = await draftNotice(tx, input.orgId);
  const hash = contentHash(content);
  const last = await tx.selectFrom('privacy_notices').selectAll().where('org_id', '=', input.orgId).orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (last && last.content_hash === hash) throw Problem.conflict('The notice has not changed since version ' + last.version + '.', 'notice-unchanged');
  const effectiveAt = input.effectiveAt ?? new Date();
  if (last && effectiveAt < last.effective_at) throw Problem.field('effectiveAt', 'must not be earlier than the effective date of the previous version');
  const renewal = purposesNeedingRenewal(last ? (last.content as unknown as NoticeContent) : null, content);
  const id = randomUUID();
  const version = (last?.version ?? 0) + 1;
  const row = await tx
    .insertInto('privacy_notices')
    .values({
      org_id: input.orgId,
      id,
      version,
      effective_at: effectiveAt,
      content: JSON.stringify(content),
      content_hash: hash,
      renewal_purposes: renewal,
      change_note: input.changeNote ?? '',
      published_by: input.actor.type === 'user' ? input.actor.id : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAuditEntry(tx, {
    orgId: input.orgId,
    actor: input.actor,
    action: 'consent.notice_published',
    target: { type: 'privacy_notice', id },
    ip: input.ip,
    metadata: { version, contentHash: hash, renewalPurposes: renewal },
  });
  return toVersion(row);
}

/**
 * The version in force, publishing version 1 from the defaults when the organisation has none yet:
 * a customer must never reach a channel without a notice to read (LGPD Art. 9, GDPR Art. 13).
 */
export async function currentNotice(ctx: AppContext, tx: Tx, orgId: string): Promise<NoticeVersion> {
  const found = await latestNotice(tx, orgId);
  if (found) return found;
  await ensureConsentSetup(tx, orgId);
  // Two first uses at once (a web chat visitor and a WhatsApp message): one publishes version 1,
  // the other waits for it here and reads it.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${'notice:' + orgId}, 0))`.execute(tx);
  const published = await latestNotice(tx, orgId);
  if (published) return published;
  const any = await tx.selectFrom('privacy_notices').select('id').where('org_id', '=', orgId).limit(1).executeTakeFirst();
  if (any) {
    // Only future-dated versions exist: the earliest one is the first notice and applies now.
    const first = await tx.selectFrom('privacy_notices').selectAll().where('org_id', '=', orgId).orderBy('version').limit(1).executeTakeFirstOrThrow();
    return toVersion(first);
  }
  return publishNotice(ctx, tx, { orgId, actor: systemActor('consent: first notice from the defaults'), ip: null, changeNote: 'Generated from the default purposes' });
}

export async function listNotices(tx: Tx, orgId: string): Promise<NoticeVersion[]> {
  const rows = await tx.selectFrom('privacy_notices').selectAll().where('org_id', '=', orgId).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

export async function getNotice(tx: Tx, orgId: string, version: number): Promise<NoticeVersion | null> {
  const row = await tx.selectFrom('privacy_notices').selectAll().where('org_id', '=', orgId).where('version', '=', version).executeTakeFirst();
  return row ? toVersion(row) : null;
}

/** Every version's renewal list after a given version: which purposes changed since a consent. */
export async function renewalSince(tx: Tx, orgId: string): Promise<Array<{ version: number; purposes: string[] }>> {
  const rows = await tx
    .selectFrom('privacy_notices')
    .select(['version', 'renewal_purposes'])
    .where('org_id', '=', orgId)
    .where('effective_at', '<=', new Date())
    .where(sql<boolean>`cardinality(renewal_purposes) > 0`)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({ version: r.version, purposes: r.renewal_purposes }));
}
