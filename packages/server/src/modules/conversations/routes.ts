import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENTITY_TYPES } from '@sigilo/pii';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { authOf, requires } from '../auth/route-access.js';
import { dateParam } from '../../platform/http/input-guards.js';
import { listConversations } from './list-conversations.js';
import { listMessages } from './list-messages.js';
import { effectiveMaskingPolicy } from './masking-policy.js';
import { revealMessage } from './reveal-message.js';
import { replyWarnings, sendAgentReply } from './send-agent-reply.js';
import { updateConversation } from './update-conversation.js';
import { MAX_MESSAGE_BYTES } from './ingest-message.js';

const id = (what: string) => z.object({ id: z.uuid({ message: `must be a ${what} id` }) });
const status = z.enum(['open', 'pending', 'resolved']);
const priority = z.enum(['low', 'normal', 'high', 'urgent']);
const conversation = z.object({
  id: z.string(),
  contact: z.object({ id: z.string(), displayName: z.string() }),
  channelType: z.string(),
  channelId: z.string().nullable(),
  status: z.string(),
  assigneeId: z.string().nullable(),
  team: z.string().nullable(),
  priority: z.string(),
  lastMessageAt: z.date(),
  lastMessage: z.string().nullable(),
  createdAt: z.date(),
});
const message = z.object({
  id: z.string(),
  direction: z.string(),
  senderType: z.string(),
  senderId: z.string().nullable(),
  contentType: z.string(),
  body: z.string().describe('Masked text; the original needs POST /messages/{id}/reveal'),
  piiTypes: z.array(z.string()),
  sensitiveFlags: z.array(z.string()),
  revealable: z.boolean(),
  state: z.string(),
  error: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.date(),
  attachments: z
    .array(z.object({
      id: z.string(),
      mimeType: z.string(),
      sizeBytes: z.number().nullable(),
      filenameMasked: z.string().nullable(),
      status: z.enum(['pending', 'stored', 'failed', 'refused']),
      reason: z.string().nullable(),
      revealable: z.boolean(),
    }))
    .describe('Masked facts only; the content needs POST /messages/{id}/attachments/{attachmentId}/reveal'),
});
const maskChoice = z.enum(['mask', 'partial', 'show']);
const text = z
  .string()
  .min(1, 'is required')
  .refine((t) => Buffer.byteLength(t, 'utf8') <= MAX_MESSAGE_BYTES, `must be at most ${MAX_MESSAGE_BYTES} bytes`);

export function conversationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/conversations', {
    config: { access: requires('conversations:read') },
    schema: {
      tags: ['conversations'],
      summary: 'Conversations, most recent first (masked)',
      querystring: z.object({
        status: status.optional(),
        assignee: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
        channel: z.enum(['webchat', 'whatsapp', 'email', 'voice', 'api']).optional(),
        q: z.string().trim().min(1).max(200).optional().describe('Full-text search over masked messages'),
        before: dateParam.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: { 200: z.object({ items: z.array(conversation) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    const { assignee, channel, ...rest } = request.query;
    const me = auth.via === 'session' ? auth.userId : undefined;
    const items = await ctx.database.withTenant(auth.orgId, (tx) =>
      listConversations(tx, auth.orgId, {
        ...rest,
        channelType: channel,
        unassigned: assignee === 'none',
        assigneeId: assignee === 'me' ? (me ?? '00000000-0000-0000-0000-000000000000') : assignee === 'none' ? undefined : assignee,
      }),
    );
    return { items };
  });

  api.get('/conversations/:id', {
    config: { access: requires('conversations:read') },
    schema: { tags: ['conversations'], summary: 'One conversation (masked), for direct links', params: id('conversation'), response: { 200: conversation } },
  }, async (request) => {
    const auth = authOf(request);
    const [item] = await ctx.database.withTenant(auth.orgId, (tx) => listConversations(tx, auth.orgId, { id: request.params.id, limit: 1 }));
    if (!item) throw Problem.notFound('Conversation');
    return item;
  });

  api.patch('/conversations/:id', {
    config: { access: requires('conversations:reply') },
    schema: {
      tags: ['conversations'],
      summary: 'Change status, priority, team or assignee',
      params: id('conversation'),
      body: z.object({ status: status.optional(), priority: priority.optional(), team: z.string().trim().max(60).nullable().optional(), assigneeId: z.uuid().nullable().optional() }),
      response: { 204: z.null() },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    await updateConversation(ctx, {
      orgId: auth.orgId,
      id: request.params.id,
      callerUserId: auth.via === 'session' ? auth.userId : undefined,
      callerPermissions: auth.permissions,
      changes: request.body,
    });
    return reply.status(204).send(null);
  });

  api.get('/conversations/:id/messages', {
    config: { access: requires('conversations:read') },
    schema: {
      tags: ['conversations'],
      summary: 'Messages of a conversation, oldest first (masked text only)',
      params: id('conversation'),
      querystring: z.object({ after: dateParam.optional(), limit: z.coerce.number().int().min(1).max(500).default(200) }),
      response: { 200: z.object({ items: z.array(message) }) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return { items: await ctx.database.withTenant(auth.orgId, (tx) => listMessages(tx, auth.orgId, request.params.id, request.query)) };
  });

  api.post('/conversations/:id/messages', {
    config: { access: requires('conversations:reply') },
    schema: {
      tags: ['conversations'],
      summary: 'Reply to the customer',
      description: 'A reply containing a card number, CPF, password or another document number is answered 422 unless `confirmed` is true.',
      params: id('conversation'),
      body: z.object({ text, confirmed: z.boolean().optional() }),
      response: { 201: z.object({ id: z.string(), body: z.string(), piiTypes: z.array(z.string()) }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    if (auth.via !== 'session') throw Problem.forbidden('Replies are sent by a signed-in agent.');
    const sent = await sendAgentReply(ctx, { orgId: auth.orgId, conversationId: request.params.id, userId: auth.userId, ...request.body });
    return reply.status(201).send({ id: sent.messageId, body: sent.bodyMasked, piiTypes: sent.piiTypes });
  });

  api.post('/pii/check', {
    config: { access: requires('conversations:reply') },
    schema: {
      tags: ['conversations'],
      summary: 'Which sensitive entity types a draft reply contains (no values returned)',
      body: z.object({ text }),
      response: { 200: z.object({ warnings: z.array(z.string()) }) },
    },
  }, async (request) => ({ warnings: replyWarnings(request.body.text) }));

  api.post('/messages/:id/reveal', {
    config: { access: requires('pii:reveal') },
    schema: {
      tags: ['conversations'],
      summary: 'Reveal the original of one message (audited, needs a reason)',
      params: id('message'),
      body: z.object({ reason: z.string().trim().min(5, 'say why you need the original (at least 5 characters)').max(500) }),
      response: { 200: z.object({ messageId: z.string(), body: z.string() }) },
    },
  }, async (request, reply) => {
    const auth = authOf(request);
    // Never cache an original anywhere between here and the agent's screen.
    reply.header('cache-control', 'no-store');
    return revealMessage(ctx, { orgId: auth.orgId, messageId: request.params.id, actor: auth.actor, reason: request.body.reason, ip: request.ip });
  });

  api.get('/organization/masking-policy', {
    config: { access: requires('org:read') },
    schema: { tags: ['organization'], summary: 'What agents see of each entity type', response: { 200: z.record(z.string(), maskChoice) } },
  }, async (request) => {
    const auth = authOf(request);
    const org = await ctx.database.withTenant(auth.orgId, (tx) => tx.selectFrom('organizations').select('masking_policy').executeTakeFirstOrThrow());
    return effectiveMaskingPolicy(org.masking_policy);
  });

  api.patch('/organization/masking-policy', {
    config: { access: requires('settings:manage') },
    schema: {
      tags: ['organization'],
      summary: 'Change the masking policy (card numbers and passwords can never be shown in full)',
      body: z.partialRecord(z.enum(ENTITY_TYPES), maskChoice),
      response: { 200: z.record(z.string(), maskChoice) },
    },
  }, async (request) => {
    const auth = authOf(request);
    return ctx.database.withTenant(auth.orgId, async (tx) => {
      const org = await tx.selectFrom('organizations').select('masking_policy').executeTakeFirstOrThrow();
      const merged = { ...org.masking_policy, ...request.body } as Record<string, string>;
      const effective = effectiveMaskingPolicy(merged);
      await tx.updateTable('organizations').set({ masking_policy: JSON.stringify(effective) }).where('id', '=', auth.orgId).execute();
      await recordAuditEntry(tx, {
        orgId: auth.orgId,
        actor: auth.actor,
        action: 'settings.changed',
        target: { type: 'organization', id: auth.orgId },
        ip: request.ip,
        metadata: { masking_policy: request.body },
      });
      return effective;
    });
  });
}
