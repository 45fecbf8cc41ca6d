import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import type { DataSubjectRequestKind } from '../../platform/db/schema.js';
import { Problem } from '../../platform/http/problem.js';
import { loadContactKey, sealForContact } from '../contacts/contact-keys.js';
import { blindIndex, InvalidIdentityError, normaliseIdentity, type IdentityKind } from '../contacts/identities.js';
import { createRequest } from './create-request.js';
import { findSubject } from './find-subject.js';
import { markVerified } from './fulfil-request.js';
import { loadRequestForUpdate } from './load-request.js';
import { CODE_QUEUE, sealCodeJob, type CodeJob } from './notify-requester.js';
import type { RequestLang } from './request-kinds.js';

export const CODE_TTL_MS = 15 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
/** Codes per identity per hour: beyond this the answer is the same, but no e-mail goes out. */
export const CODES_PER_IDENTITY_PER_HOUR = 3;

export const CORRECTABLE_FIELDS = ['display_name', 'email', 'phone', 'document'] as const;
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

function codeHash(ctx: AppContext, orgId: string, verificationId: string, code: string): string {
  return createHmac('sha256', ctx.kms.deriveKey(`dsr-codes:${orgId}`)).update(`${verificationId}:${code}`).digest('base64url');
}

/** The proposed value, validated the way the contact would store it. */
export function normaliseCorrection(field: CorrectableField, value: string): string {
  const v = value.trim();
  if (field === 'display_name') {
    if (v.length < 1 || v.length > 120) throw Problem.field('value', 'a name has 1 to 120 characters');
    return v;
  }
  try {
    return normaliseIdentity(field as IdentityKind, v);
  } catch (err) {
    if (err instanceof InvalidIdentityError) throw Problem.field('value', err.message);
    throw err;
  }
}

export const correctionAad = (orgId: string, id: string) => `${orgId}:data_subject_corrections:${id}`;

export async function proposeCorrection(tx: Tx, key: Buffer, input: { orgId: string; requestId: string; contactId: string; field: CorrectableField; value: string }): Promise<string> {
  const id = randomUUID();
  await tx
    .insertInto('data_subject_corrections')
    .values({ org_id: input.orgId, id, request_id: input.requestId, contact_id: input.contactId, field: input.field, proposed_sealed: sealForContact(key, input.value, correctionAad(input.orgId, id)) })
    .execute();
  return id;
}

export const CODE_CHANNELS = ['email', 'whatsapp'] as const;
export type CodeChannel = (typeof CODE_CHANNELS)[number];

const phoneCountry = (country?: string): 'BR' | 'ES' | 'PT' => (country === 'ES' || country === 'PT' ? country : 'BR');

/**
 * The portal's first step. Whether or not the e-mail or WhatsApp number is on file, the answer is
 * the same: a verification id to enter a code against. Only an identity on file gets a request and
 * a code (by e-mail, or by WhatsApp through the organisation's channel, through a job); for any
 * other the organisation records nothing it could read back.
 */
export async function startPortalRequest(
  ctx: AppContext,
  input: {
    orgId: string;
    slug: string;
    kind: DataSubjectRequestKind;
    /** Where the code goes: an e-mail address, or a phone number that is the requester's WhatsApp. */
    identity: { via: CodeChannel; value: string };
    /** The organisation's country, for phone numbers typed without their country code. */
    country?: string;
    lang: RequestLang;
    details?: string | null;
    correction?: { field: CorrectableField; value: string } | null;
    ip: string | null;
  },
): Promise<{ verificationId: string }> {
  const via = input.identity.via;
  const kind: IdentityKind = via === 'whatsapp' ? 'whatsapp' : 'email';
  let value: string;
  try {
    value = kind === 'whatsapp' ? normaliseIdentity('whatsapp', input.identity.value, phoneCountry(input.country)) : normaliseIdentity('email', input.identity.value);
  } catch {
    throw via === 'whatsapp' ? Problem.field('phone', 'enter a phone number with its country code, e.g. +55 11 91234-5678') : Problem.field('email', 'enter a valid e-mail address');
  }
  if (input.kind === 'correction' && !input.correction) throw Problem.field('value', 'say what the correct value is');
  const correctedValue = input.correction ? normaliseCorrection(input.correction.field, input.correction.value) : null;
  const index = blindIndex(ctx.kms, input.orgId, kind, value);
  const verificationId = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const recent = await tx
      .selectFrom('data_subject_verifications')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('org_id', '=', input.orgId)
      .where('blind_index', '=', index)
      .where('created_at', '>', new Date(Date.now() - 3_600_000))
      .executeTakeFirst();
    const limited = Number(recent?.n ?? 0) >= CODES_PER_IDENTITY_PER_HOUR;
    const subject = limited ? null : await findSubject(tx, ctx.kms, input.orgId, [{ kind, value }]);
    // By WhatsApp only to a contact known by that WhatsApp number (a phone on file alone has no
    // channel to it); the identity graph still gathers that person's other contacts.
    const identity = subject?.identities.find((i) => i.kind === kind);
    let requestId: string | null = null;
    if (identity && subject) {
      const key = await loadContactKey(ctx, input.orgId, identity.contactId).catch(() => null);
      if (key) {
        const request = await createRequest(ctx, tx, {
          orgId: input.orgId,
          kind: input.kind,
          contactId: identity.contactId,
          relatedContactIds: subject.contactIds,
          identityId: identity.id,
          language: input.lang,
          channel: 'portal',
          details: input.details ?? null,
          actor: { type: 'anonymous' },
          ip: input.ip,
        });
        requestId = request.id;
        if (input.correction && correctedValue) await proposeCorrection(tx, key, { orgId: input.orgId, requestId, contactId: identity.contactId, field: input.correction.field, value: correctedValue });
        await ctx.jobs.send<CodeJob>(
          CODE_QUEUE,
          {
            orgId: input.orgId,
            contactId: identity.contactId,
            contactIds: subject.contactIds,
            verificationId,
            via,
            sealed: sealCodeJob(key, input.orgId, verificationId, { ...(via === 'email' ? { to: value } : {}), code, lang: input.lang, slug: input.slug }),
          },
          { tx, retryLimit: 3, retryDelaySeconds: 2 },
        );
      }
    }
    await tx
      .insertInto('data_subject_verifications')
      .values({
        org_id: input.orgId,
        id: verificationId,
        blind_index: index,
        request_id: requestId,
        contact_id: identity?.contactId ?? null,
        // Without a request the code was never sent: the row only makes every answer look alike.
        code_hash: codeHash(ctx, input.orgId, verificationId, requestId ? code : randomUUID()),
        expires_at: new Date(Date.now() + CODE_TTL_MS),
      })
      .execute();
  });
  return { verificationId };
}

export type CodeCheck = { ok: true; requestId: string } | { ok: false; reason: 'invalid' | 'expired'; attemptsLeft: number };

/** Checks a code: five attempts, fifteen minutes; the same answers whether a request exists or not. */
export async function verifyPortalCode(ctx: AppContext, input: { orgId: string; verificationId: string; code: string; ip: string | null }): Promise<CodeCheck> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const v = await tx.selectFrom('data_subject_verifications').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.verificationId).forUpdate().executeTakeFirst();
    if (!v || v.verified_at || v.expires_at.getTime() < Date.now() || v.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'expired', attemptsLeft: 0 };
    const given = Buffer.from(codeHash(ctx, input.orgId, v.id, input.code.trim()));
    const expected = Buffer.from(v.code_hash);
    if (!v.request_id || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      await tx.updateTable('data_subject_verifications').set({ attempts: v.attempts + 1 }).where('org_id', '=', input.orgId).where('id', '=', v.id).execute();
      const left = MAX_CODE_ATTEMPTS - v.attempts - 1;
      return left > 0 ? { ok: false, reason: 'invalid', attemptsLeft: left } : { ok: false, reason: 'expired', attemptsLeft: 0 };
    }
    await tx.updateTable('data_subject_verifications').set({ verified_at: new Date(), attempts: v.attempts + 1 }).where('org_id', '=', input.orgId).where('id', '=', v.id).execute();
    const request = await loadRequestForUpdate(tx, input.orgId, v.request_id);
    if (request.status === 'received') await markVerified(ctx, tx, request, { type: 'anonymous' }, input.ip, 'portal_code');
    return { ok: true, requestId: request.id };
  });
}
