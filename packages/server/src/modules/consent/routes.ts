import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.js';
import { dateParam } from '../../platform/http/input-guards.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { authOf, requires } from '../auth/route-access.js';
import { isOutside24hWindow } from '../channels/whatsapp/index.js';
import { checkConsent, sendPurposeMessage } from './check-consent.js';
import { listContactConsentEvents, revealConsentEvidence, toLedgerView } from './consent-receipt.js';
import { consentRates, consentSummary, contactsLackingConsent, verifyConsentLedger } from './consent-reports.js';
import { consentStates } from './consent-state.js';
import { LEGAL_BASES, noticeLang, NOTICE_LANGS } from './legal-bases.js';
import { contentHash, currentNotice, draftNotice, getNotice, getNoticeSettings, listNotices, publishNotice, purposesNeedingRenewal, updateNoticeSettings } from './manage-notices.js';
import { createPurpose, listPurposes, updatePurpose } from './manage-purposes.js';
import { recordConsentEvents } from './record-consent.js';
import { baseUrlOf } from './public-pages.js';
import { CONSENT_MESSAGE_QUEUE, type ConsentMessageJob } from './whatsapp-consent.js';
import { contactMessagingLimits } from '../contacts/assert-may-be-messaged.js';

const texts = z.object({ 'pt-BR': z.string().trim().min(1).max(500), es: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) });
const purposeBody = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,48}$/, 'lower-case letters, digits and _, starting with a letter'),
  dataUse: z.string().trim().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a fideslang data use such as marketing.communications.email').max(120),
  names: texts,
  descriptions: texts,
  dataCategories: z.array(z.string().trim().regex(/^[a-z_]+(\.[a-z_]+)*$/, 'a fideslang data category such as user.contact.email')).max(30).default([]),
  legalBasis: z.enum(LEGAL_BASES),
  sensitive: z.boolean().default(false),
  basisNote: z.string().trim().max(2000).default(''),
  retentionDays: z.number().int().min(1).max(36500).nullable().default(null),
  retentionNote: z.string().trim().max(300).default(''),
  recipients: z.array(z.object({ name: z.string().trim().min(1).max(200), country: z.string().trim().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 country code'), role: z.enum(['processor', 'controller', 'joint_controller', 'public_authority']) })).max(30).default([]),
  internationalTransfer: z.boolean().default(false),
  transferMechanism: z.string().trim().max(500).default(''),
  channels: z.array(z.enum(['webchat', 'whatsapp', 'voice', 'email'])).max(4).default([]),
  consentValidityDays: z.number().int().min(1).max(3650).nullable().default(null),
});
const purposeView = z.object({
  id: z.string(),
  key: z.string(),
  dataUse: z.string(),
  names: z.record(z.string(), z.string()),
  descriptions: z.record(z.string(), z.string()),
  dataCategories: z.array(z.string()),
  legalBasis: z.string(),
  lgpdArticle: z.string(),
  gdprArticle: z.string(),
  sensitive: z.boolean(),
  basisNote: z.string(),
  retentionDays: z.number().nullable(),
  retentionNote: z.string(),
  recipients: z.array(z.object({ name: z.string(), country: z.string(), role: z.string() })),
  internationalTransfer: z.boolean(),
  transferMechanism: z.string(),
  channels: z.array(z.string()),
  consentValidityDays: z.number().nullable(),
  active: z.boolean(),
  requiresConsent: z.boolean(),
  updatedAt: z.date(),
});

const langTexts = z.object({ intro: z.string().trim().max(4000).optional(), short: z.string().trim().max(1000).optional(), recording: z.string().trim().max(1000).optional() });
const settingsBody = z.object({
  controllerName: z.string().trim().max(200),
  controllerIdNumber: z.string().trim().max(60).default(''),
  controllerAddress: z.string().trim().max(500).default(''),
  controllerEmail: z.union([z.literal(''), z.email('must be an e-mail address')]).default(''),
  dpoName: z.string().trim().max(200).default(''),
  dpoEmail: z.union([z.literal(''), z.email('must be an e-mail address')]).default(''),
  rightsUrl: z.union([z.literal(''), z.url('must be a URL')]).default(''),
  texts: z.object({ 'pt-BR': langTexts.optional(), es: langTexts.optional(), en: langTexts.optional() }).default({}),
});

const noticeView = z.object({
  id: z.string(),
  version: z.number(),
  effectiveAt: z.date(),
  contentHash: z.string(),
  renewalPurposes: z.array(z.string()),
  changeNote: z.string(),
  publishedBy: z.string().nullable(),
  createdAt: z.date(),
  content: z.record(z.string(), z.unknown()),
});

const stateView = z.object({
  purpose: z.string(),
  purposeId: z.string(),
  names: z.record(z.string(), z.string()),
  legalBasis: z.string(),
  requiresConsent: z.boolean(),
  channels: z.array(z.string()),
  status: z.string(),
  valid: z.boolean(),
  lastEvent: z.object({ id: z.string(), event: z.string(), at: z.date(), noticeVersion: z.number(), channel: z.string(), method: z.string() }).nullable(),
});
const ledgerEvent = z.object({
  id: z.string(),
  seq: z.number(),
  at: z.date(),
  contactId: z.string(),
  purposeKey: z.string(),
  event: z.string(),
  noticeVersion: z.number(),
  noticeHash: z.string(),
  channel: z.string(),
  method: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  ipMasked: z.string().nullable(),
  language: z.string(),
  jurisdiction: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  hash: z.string(),
  receiptUrl: z.string(),
});
const checkView = z.object({ purpose: z.string(), legalBasis: z.string(), allowed: z.boolean(), requiresConsent: z.boolean(), status: z.string(), reason: z.string() });

/** Agent- and API-recorded consent: how it was collected decides which evidence is mandatory. */
const recordBody = z
  .object({
    purpose: z.string().trim().min(1).max(50),
    event: z.enum(['given', 'refused', 'withdrawn']),
    method: z.enum(['verbal', 'ivr_key', 'email_link', 'agent_recorded', 'api']),
    language: z.enum(NOTICE_LANGS).optional(),
    evidence: z
      .object({
        callId: z.string().trim().min(1).max(200).optional(),
        reference: z.string().trim().min(1).max(500).optional(),
        note: z.string().trim().max(1000).optional(),
      })
      .default({}),
  })
  .superRefine((b, issue) => {
    if ((b.method === 'verbal' || b.method === 'ivr_key') && !b.evidence.callId) issue.addIssue({ code: 'custom', path: ['evidence', 'callId'], message: 'the call id is required for consent given on a call' });
    if ((b.method === 'agent_recorded' || b.method === 'email_link' || b.method === 'api') && !b.evidence.reference) {
      issue.addIssue({ code: 'custom', path: ['evidence', 'reference'], message: 'say where the proof is (signed form, e-mail, ticket…)' });
    }
    if (b.method === 'agent_recorded' && !(b.evidence.note && b.evidence.note.length >= 10)) issue.addIssue({ code: 'custom', path: ['evidence', 'note'], message: 'describe how the customer consented (at least 10 characters)' });
  });

const CHANNEL_OF = { verbal: 'voice', ivr_key: 'voice', email_link: 'email', agent_recorded: 'agent', api: 'api' } as const;

export function consentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  // ---- purposes -------------------------------------------------------------------------------
  api.get('/consent/purposes', {
    config: { access: requires('consent:read') },
    schema: { tags: ['consent'], summary: 'Processing purposes with their legal bases (defaults are seeded on first use)', response: { 200: z.object({ items: z.array(purposeView) }) } },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listPurposes(tx, auth.orgId)) };
  });

  api.post('/consent/purposes', {
    config: { access: requires('consent:manage') },
    schema: { tags: ['consent'], summary: 'Add a processing purpose', body: purposeBody, response: { 201: purposeView } },
  }, async (request, reply) => {
    const auth = authOf(request);
    return reply.status(201).send(await createPurpose(ctx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, purpose: request.body }));
  });

  api.put('/consent/purposes/:id', {
    config: { access: requires('consent:manage') },
    schema: {
      tags: ['consent'],
      summary: 'Change a purpose (published notices keep what they said; publish a new version to tell customers)',
      params: z.object({ id: z.uuid() }),
      body: purposeBody.extend({ active: z.boolean().default(true) }),
      response: { 200: purposeView },
    },
  }, async (request) => {
    const auth = authOf(request);
    return updatePurpose(ctx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, purposeId: request.params.id, purpose: request.body });
  });

  // ---- notices --------------------------------------------------------------------------------
  api.get('/consent/notice-settings', {
    config: { access: requires('consent:read') },
    schema: { tags: ['consent'], summary: "The controller's identity, the DPO's contact and the organisation's own notice texts", response: { 200: settingsBody } },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, (tx) => getNoticeSettings(tx, auth.orgId));
  });

  api.put('/consent/notice-settings', {
    config: { access: requires('consent:manage') },
    schema: { tags: ['consent'], summary: 'Change the notice settings (takes effect when a new version is published)', body: settingsBody, response: { 200: settingsBody } },
  }, async (request) => {
    const auth = authOf(request);
    return updateNoticeSettings(ctx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, settings: request.body });
  });

  api.get('/consent/notices', {
    config: { access: requires('consent:read') },
    schema: { tags: ['consent'], summary: 'Published versions of the privacy notice, newest first', response: { 200: z.object({ items: z.array(noticeView), publicUrl: z.string() }) } },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const org = await tx.selectFrom('organizations').select('slug').where('id', '=', auth.orgId).executeTakeFirstOrThrow();
      return { items: (await listNotices(tx, auth.orgId)) as never, publicUrl: `${baseUrlOf(request)}/privacy/${org.slug}` };
    });
  });

  api.get('/consent/notices/preview', {
    config: { access: requires('consent:read') },
    schema: {
      tags: ['consent'],
      summary: 'The notice as it would be published now, and which consents a publication would send for renewal',
      response: { 200: z.object({ content: z.record(z.string(), z.unknown()), contentHash: z.string(), changed: z.boolean(), renewalPurposes: z.array(z.string()), currentVersion: z.number().nullable() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const content = await draftNotice(tx, auth.orgId);
      const hash = contentHash(content);
      const last = (await listNotices(tx, auth.orgId))[0] ?? null;
      return {
        content: content as never,
        contentHash: hash,
        changed: !last || last.contentHash !== hash,
        renewalPurposes: purposesNeedingRenewal(last?.content ?? null, content),
        currentVersion: last?.version ?? null,
      };
    });
  });

  api.post('/consent/notices', {
    config: { access: requires('consent:manage') },
    schema: {
      tags: ['consent'],
      summary: 'Publish a new immutable version of the notice',
      description: 'Consents given under earlier versions for consent-based purposes whose terms changed are marked as needing renewal (derived, not edited).',
      // Strict: every field is optional, so a body of other fields is a mistake, not "publish now".
      body: z.strictObject({ effectiveAt: dateParam.optional(), changeNote: z.string().trim().max(1000).default('') }),
      response: { 201: noticeView },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    if (request.body.effectiveAt && request.body.effectiveAt.getTime() < Date.now() - 60_000) throw Problem.field('effectiveAt', 'must not be in the past');
    const notice = await ctx.database.withTenant(auth.orgId, (tx) => publishNotice(ctx, tx, { orgId: auth.orgId, actor: auth.actor, ip: request.ip, ...request.body }));
    return reply.status(201).send(notice as never);
  });

  api.get('/consent/notices/:version', {
    config: { access: requires('consent:read') },
    schema: { tags: ['consent'], summary: 'One published version', params: z.object({ version: z.coerce.number().int().min(1).max(1_000_000) }), response: { 200: noticeView } },
  }, async (request) => {
    const auth = authOf(request);
    const notice = await ctx.database.withTenant(auth.orgId, (tx) => getNotice(tx, auth.orgId, request.params.version));
    if (!notice) throw Problem.notFound('Notice version');
    return notice as never;
  });

  api.get('/consent/recording-notice', {
    config: { access: requires('contacts:read') },
    schema: {
      tags: ['consent'],
      summary: 'The text an agent or the IVR reads at the start of a call, in force now',
      querystring: z.object({ lang: z.enum(NOTICE_LANGS).optional() }),
      response: { 200: z.object({ lang: z.string(), text: z.string(), noticeVersion: z.number(), recordingNeedsConsent: z.boolean() }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const notice = await currentNotice(ctx, tx, auth.orgId);
      const org = await tx.selectFrom('organizations').select('country').where('id', '=', auth.orgId).executeTakeFirstOrThrow();
      const lang = request.query.lang ?? noticeLang(org.country === 'BR' ? 'pt' : org.country === 'ES' ? 'es' : 'en');
      const recording = (await listPurposes(tx, auth.orgId, { activeOnly: true })).find((p) => p.key === 'call_recording');
      return { lang, text: notice.content.texts[lang].recording, noticeVersion: notice.version, recordingNeedsConsent: Boolean(recording?.requiresConsent) };
    });
  });

  // ---- per contact ----------------------------------------------------------------------------
  const contactExists = async (orgId: string, contactId: string) => {
    const found = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('contacts').select('id').where('org_id', '=', orgId).where('id', '=', contactId).executeTakeFirst());
    if (!found) throw Problem.notFound('Contact');
  };

  api.get('/contacts/:id/consents', {
    config: { access: requires('contacts:read') },
    schema: {
      tags: ['consent'],
      summary: "A contact's consent state per purpose (derived from the ledger) and full history",
      params: z.object({ id: z.uuid() }),
      response: { 200: z.object({ states: z.array(stateView), events: z.array(ledgerEvent) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    await contactExists(auth.orgId, request.params.id);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const purposes = await listPurposes(tx, auth.orgId, { activeOnly: true });
      const states = await consentStates(tx, auth.orgId, [request.params.id], purposes);
      const events = await listContactConsentEvents(ctx, tx, auth.orgId, request.params.id);
      return {
        states: purposes.map((p) => {
          const s = states.find((x) => x.purposeId === p.id)!;
          return {
            purpose: p.key,
            purposeId: p.id,
            names: p.names,
            legalBasis: p.legalBasis,
            requiresConsent: p.requiresConsent,
            channels: p.channels,
            status: p.requiresConsent ? s.status : 'not_applicable',
            valid: p.requiresConsent ? s.valid : true,
            lastEvent: s.lastEvent,
          };
        }),
        events,
      };
    });
  });

  api.post('/contacts/:id/consents', {
    config: { access: requires('consent:record') },
    schema: {
      tags: ['consent'],
      summary: 'Record consent given, refused or withdrawn by other means (verbal on a call, e-mail, paper), with mandatory evidence',
      params: z.object({ id: z.uuid() }),
      body: recordBody,
      response: { 201: ledgerEvent.extend({ status: z.string() }), 200: ledgerEvent.extend({ status: z.string() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    await contactExists(auth.orgId, request.params.id);
    const b = request.body;
    const result = await ctx.database.withTenant(auth.orgId, async (tx) => {
      const [recorded] = await recordConsentEvents(ctx, tx, auth.orgId, auth.actor, [
        {
          contactId: request.params.id,
          purposeKey: b.purpose,
          event: b.event,
          channel: CHANNEL_OF[b.method],
          method: b.method,
          evidence: { ...b.evidence, agentId: auth.actor.type === 'user' ? auth.actor.id : undefined },
          language: b.language,
        },
      ], { ip: request.ip });
      const events = await listContactConsentEvents(ctx, tx, auth.orgId, request.params.id);
      return { recorded: recorded!, view: events.find((e) => e.id === recorded!.id)! };
    });
    return reply.status(result.recorded.recorded ? 201 : 200).send({ ...result.view, status: result.recorded.status });
  });

  api.get('/contacts/:id/consents/check', {
    config: { access: requires('contacts:read') },
    schema: {
      tags: ['consent'],
      summary: "May this contact's data be processed for a purpose now? (for integrations and other modules)",
      params: z.object({ id: z.uuid() }),
      querystring: z.object({ purpose: z.string().trim().min(1).max(50) }),
      response: { 200: checkView },
    },
  }, async (request) => {
    const auth = authOf(request);
    await contactExists(auth.orgId, request.params.id);
    return ctx.database.withTenant(auth.orgId, (tx) => checkConsent(tx, auth.orgId, request.params.id, request.query.purpose));
  });

  api.post('/contacts/:id/consents/:eventId/evidence/reveal', {
    config: { access: requires('pii:reveal') },
    schema: {
      tags: ['consent'],
      summary: 'Reveal the IP address and user agent recorded with a consent event (audited, needs a reason)',
      params: z.object({ id: z.uuid(), eventId: z.uuid() }),
      body: z.object({ reason: z.string().trim().min(5, 'say why you need it (at least 5 characters)').max(500) }),
      response: { 200: z.object({ ip: z.string().nullable(), userAgent: z.string().nullable() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    reply.header('cache-control', 'no-store');
    return revealConsentEvidence(ctx, { orgId: auth.orgId, contactId: request.params.id, eventId: request.params.eventId, actor: auth.actor, reason: request.body.reason, ip: request.ip });
  });

  api.post('/contacts/:id/purpose-messages', {
    config: { access: requires('conversations:reply') },
    schema: {
      tags: ['consent'],
      summary: 'Send a message for a purpose (marketing, satisfaction survey): refused with 422 consent-required without a valid consent',
      params: z.object({ id: z.uuid() }),
      body: z.object({ purpose: z.string().trim().min(1).max(50), text: z.string().trim().min(1, 'write the message').max(4096), conversationId: z.uuid().optional() }),
      response: { 201: z.object({ messageId: z.string(), conversationId: z.string(), check: checkView }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    const sent = await sendPurposeMessage(ctx, { orgId: auth.orgId, contactId: request.params.id, purposeKey: request.body.purpose, text: request.body.text, conversationId: request.body.conversationId });
    return reply.status(201).send(sent);
  });

  // ---- ledger and reports ---------------------------------------------------------------------
  api.get('/consent/ledger', {
    config: { access: requires('consent:read') },
    schema: {
      tags: ['consent'],
      summary: 'Ledger events, newest first',
      querystring: z.object({ purpose: z.string().trim().max(50).optional(), before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(ledgerEvent) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const org = await tx.selectFrom('organizations').select('slug').where('id', '=', auth.orgId).executeTakeFirstOrThrow();
      let q = tx.selectFrom('consent_events').selectAll().where('org_id', '=', auth.orgId);
      if (request.query.purpose) q = q.where('purpose_key', '=', request.query.purpose);
      if (request.query.before) q = q.where('seq', '<', request.query.before);
      const rows = await q.orderBy('seq', 'desc').limit(request.query.limit).execute();
      return { items: rows.map((r) => toLedgerView(ctx, org.slug, r)) };
    });
  });

  api.get('/consent/ledger/verify', {
    config: { access: requires('consent:read') },
    schema: { tags: ['consent'], summary: "Check the ledger's hash chain", response: { 200: z.object({ events: z.number(), intact: z.boolean(), broken: z.object({ seq: z.number(), problem: z.string() }).nullable() }) } },
  }, async (request) => {
    const auth = authOf(request);
    const report = await verifyConsentLedger(ctx, auth.orgId);
    return { events: report.events, intact: !report.broken, broken: report.broken };
  });

  api.get('/consent/reports/rates', {
    config: { access: requires('consent:read') },
    schema: {
      tags: ['consent'],
      summary: 'Consent events per day or week, purpose and channel',
      querystring: z.object({ from: dateParam.optional(), to: dateParam.optional(), bucket: z.enum(['day', 'week']).default('day') }),
      response: { 200: z.object({ items: z.array(z.object({ bucket: z.string(), purposeKey: z.string(), channel: z.string(), given: z.number(), refused: z.number(), withdrawn: z.number(), renewed: z.number(), expired: z.number() })) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const to = request.query.to ?? new Date(Date.now() + 86_400_000);
    const from = request.query.from ?? new Date(to.getTime() - 30 * 86_400_000);
    if (to.getTime() - from.getTime() > 400 * 86_400_000) throw Problem.field('from', 'at most 400 days at a time');
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => consentRates(tx, auth.orgId, { from, to, bucket: request.query.bucket })) };
  });

  api.get('/consent/reports/summary', {
    config: { access: requires('consent:read') },
    schema: {
      tags: ['consent'],
      summary: 'Contacts per consent state for each consent-based purpose',
      response: { 200: z.object({ items: z.array(z.object({ purposeKey: z.string(), counts: z.record(z.string(), z.number()) })) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => consentSummary(tx, auth.orgId)) };
  });

  api.get('/consent/reports/lacking', {
    config: { access: requires('consent:read') },
    schema: {
      tags: ['consent'],
      summary: 'Contacts who may be asked (again) for a purpose: never asked, expired, or needing renewal',
      querystring: z.object({ purpose: z.string().trim().min(1).max(50), limit: z.coerce.number().int().min(1).max(500).default(200) }),
      response: { 200: z.object({ items: z.array(z.object({ contactId: z.string(), displayName: z.string(), status: z.string(), lastEventAt: z.date().nullable(), lastChannel: z.string().nullable() })) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => contactsLackingConsent(tx, auth.orgId, request.query.purpose, request.query.limit)) };
  });

  api.post('/consent/re-requests', {
    config: { access: requires('consent:manage') },
    schema: {
      tags: ['consent'],
      summary: 'Ask contacts again for a purpose: on WhatsApp within 24 h of their last message now, on the web chat at their next visit',
      body: z.object({ purpose: z.string().trim().min(1).max(50), contactIds: z.array(z.uuid()).min(1, 'choose at least one contact').max(500) }),
      response: { 200: z.object({ items: z.array(z.object({ contactId: z.string(), outcome: z.enum(['sent', 'next_visit', 'outside_window', 'no_channel', 'not_lacking', 'restricted']) })) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const { purpose, contactIds } = request.body;
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const purposes = await listPurposes(tx, auth.orgId, { activeOnly: true });
      const p = purposes.find((x) => x.key === purpose);
      if (!p || !p.requiresConsent) throw Problem.field('purpose', `"${purpose}" is not an active consent-based purpose`);
      const states = await consentStates(tx, auth.orgId, contactIds, [p]);
      const items = [];
      for (const contactId of contactIds) {
        const state = states.find((s) => s.contactId === contactId)!;
        if (!['none', 'expired', 'renewal_needed'].includes(state.status)) {
          items.push({ contactId, outcome: 'not_lacking' as const });
          continue;
        }
        // A contact who restricted processing is not asked anything (GDPR Art. 18, LGPD Art. 18 IV).
        if ((await contactMessagingLimits(tx, auth.orgId, contactId)).restricted) {
          items.push({ contactId, outcome: 'restricted' as const });
          continue;
        }
        const conv = await tx
          .selectFrom('conversations')
          .select(['id', 'channel_type', 'channel_id', 'last_inbound_at'])
          .where('org_id', '=', auth.orgId)
          .where('contact_id', '=', contactId)
          .orderBy('last_message_at', 'desc')
          .limit(1)
          .executeTakeFirst();
        if (conv?.channel_type === 'whatsapp' && p.channels.includes('whatsapp')) {
          if (isOutside24hWindow(conv.last_inbound_at)) {
            items.push({ contactId, outcome: 'outside_window' as const });
            continue;
          }
          await ctx.jobs.send<ConsentMessageJob>(CONSENT_MESSAGE_QUEUE, { orgId: auth.orgId, contactId, conversationId: conv.id, channelId: conv.channel_id, kind: 'notice', purposeKey: p.key }, { tx, retryLimit: 5, retryDelaySeconds: 2, retryBackoff: true });
          items.push({ contactId, outcome: 'sent' as const });
        } else if (conv?.channel_type === 'webchat' && p.channels.includes('webchat')) {
          items.push({ contactId, outcome: 'next_visit' as const });
        } else {
          items.push({ contactId, outcome: 'no_channel' as const });
        }
      }
      await recordAuditEntry(tx, {
        orgId: auth.orgId,
        actor: auth.actor,
        action: 'consent.re_requested',
        ip: request.ip,
        metadata: { purpose, contacts: contactIds.length, sent: items.filter((i) => i.outcome === 'sent').length },
      });
      return { items };
    });
  });

}
