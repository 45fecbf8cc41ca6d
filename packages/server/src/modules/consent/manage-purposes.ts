import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { ensureConsentSetup, purposeRow, type PurposeDefinition } from './default-purposes.js';
import { basisProblem, type LegalBasis } from './legal-bases.js';

export interface PurposeView {
  id: string;
  key: string;
  dataUse: string;
  names: Record<string, string>;
  descriptions: Record<string, string>;
  dataCategories: string[];
  legalBasis: LegalBasis;
  lgpdArticle: string;
  gdprArticle: string;
  sensitive: boolean;
  basisNote: string;
  retentionDays: number | null;
  retentionNote: string;
  recipients: Array<{ name: string; country: string; role: string }>;
  internationalTransfer: boolean;
  transferMechanism: string;
  channels: string[];
  consentValidityDays: number | null;
  active: boolean;
  /** Consent-based: nobody's data is processed for it without a valid consent. */
  requiresConsent: boolean;
  updatedAt: Date;
}

type PurposeRow = Awaited<ReturnType<typeof selectPurposes>>[number];

function selectPurposes(tx: Tx, orgId: string) {
  return tx.selectFrom('consent_purposes').selectAll().where('org_id', '=', orgId).orderBy('position').orderBy('created_at').execute();
}

export function toPurposeView(r: PurposeRow): PurposeView {
  return {
    id: r.id,
    key: r.key,
    dataUse: r.data_use,
    names: r.names,
    descriptions: r.descriptions,
    dataCategories: r.data_categories,
    legalBasis: r.legal_basis as LegalBasis,
    lgpdArticle: r.lgpd_article,
    gdprArticle: r.gdpr_article,
    sensitive: r.sensitive,
    basisNote: r.basis_note,
    retentionDays: r.retention_days,
    retentionNote: r.retention_note,
    recipients: r.recipients,
    internationalTransfer: r.international_transfer,
    transferMechanism: r.transfer_mechanism,
    channels: r.channels,
    consentValidityDays: r.consent_validity_days,
    active: r.active,
    requiresConsent: r.legal_basis === 'consent',
    updatedAt: r.updated_at,
  };
}

/** Every purpose of the organisation (the defaults are seeded on first use). */
export async function listPurposes(tx: Tx, orgId: string, options: { activeOnly?: boolean } = {}): Promise<PurposeView[]> {
  await ensureConsentSetup(tx, orgId);
  const rows = await selectPurposes(tx, orgId);
  return rows.map(toPurposeView).filter((p) => !options.activeOnly || p.active);
}

export type PurposeInput = PurposeDefinition;

function check(input: PurposeInput): void {
  const problem = basisProblem(input.legalBasis, input.sensitive);
  if (problem) throw Problem.field('legalBasis', problem);
  if (input.legalBasis === 'legitimate_interest' && input.basisNote.trim().length < 20) {
    throw Problem.field('basisNote', 'a legitimate interest needs its balancing note (at least 20 characters)');
  }
  if (input.internationalTransfer && !input.transferMechanism.trim()) {
    throw Problem.field('transferMechanism', 'say how an international transfer is safeguarded (LGPD Art. 33, GDPR Chapter V)');
  }
}

export async function createPurpose(ctx: AppContext, input: { orgId: string; actor: Actor; ip: string | null; purpose: PurposeInput }): Promise<PurposeView> {
  check(input.purpose);
  return ctx.database.withTenant(input.orgId, async (tx) => {
    await ensureConsentSetup(tx, input.orgId);
    const taken = await tx.selectFrom('consent_purposes').select('id').where('org_id', '=', input.orgId).where('key', '=', input.purpose.key).executeTakeFirst();
    if (taken) throw Problem.field('key', 'another purpose already has this key');
    const count = await tx.selectFrom('consent_purposes').select((eb) => eb.fn.countAll<number>().as('n')).where('org_id', '=', input.orgId).executeTakeFirstOrThrow();
    const id = randomUUID();
    const row = await tx.insertInto('consent_purposes').values(purposeRow(input.orgId, id, input.purpose, Number(count.n))).returningAll().executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'consent.purpose_created',
      target: { type: 'consent_purpose', id },
      ip: input.ip,
      metadata: { key: row.key, legalBasis: row.legal_basis },
    });
    return toPurposeView(row);
  });
}

export async function updatePurpose(
  ctx: AppContext,
  input: { orgId: string; actor: Actor; ip: string | null; purposeId: string; purpose: PurposeInput & { active: boolean } },
): Promise<PurposeView> {
  check(input.purpose);
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const before = await tx.selectFrom('consent_purposes').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.purposeId).executeTakeFirst();
    if (!before) throw Problem.notFound('Purpose');
    if (before.key !== input.purpose.key) {
      // The key is what the ledger, integrations and the check API name: it never changes.
      throw Problem.field('key', 'the key of a purpose cannot change; create a new purpose instead');
    }
    const { org_id: _o, id: _i, position: _p, ...values } = purposeRow(input.orgId, input.purposeId, input.purpose, before.position);
    const row = await tx
      .updateTable('consent_purposes')
      .set({ ...values, active: input.purpose.active })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.purposeId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'consent.purpose_updated',
      target: { type: 'consent_purpose', id: input.purposeId },
      ip: input.ip,
      metadata: { key: row.key, legalBasis: row.legal_basis, previousLegalBasis: before.legal_basis, active: row.active },
    });
    return toPurposeView(row);
  });
}
