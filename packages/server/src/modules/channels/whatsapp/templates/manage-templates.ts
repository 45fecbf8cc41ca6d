import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../../../platform/context.js';
import type { Tx } from '../../../../platform/db/database.js';
import type { WhatsAppTemplatesTable } from '../../../../platform/db/schema.js';
import { Problem } from '../../../../platform/http/problem.js';
import type { Actor } from '../../../audit/actor.js';
import { recordAuditEntry } from '../../../audit/record-audit-entry.js';
import { loadChannel, type WhatsAppSecrets } from '../../manage-channels.js';
import { checkComponentsInput, componentsFromMeta, storedComponents, type ComponentsInput } from './template-components.js';

/**
 * WhatsApp message templates of one channel: synced from the WhatsApp Business Account (Meta
 * approves them) and/or registered by an admin who manages them in Meta's tools. Only APPROVED
 * templates can be sent; outside the 24-hour window they are the only thing that can.
 */
export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'LIMIT_EXCEEDED', 'PENDING_DELETION', 'DELETED', 'ARCHIVED'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

export const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
export const TEMPLATE_LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;
export const MAX_TEMPLATE_BODY = 1024;

export function toTemplateView(row: Selectable<WhatsAppTemplatesTable>) {
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    language: row.language,
    category: row.category,
    bodyText: row.body_text,
    paramCount: row.param_count,
    status: row.status,
    /** Why Meta rejected, paused or disabled it (its own code, e.g. INVALID_FORMAT), from its webhook or the sync. */
    statusReason: row.status_reason,
    qualityScore: row.quality_score,
    ...storedComponents(row.components),
    source: row.source,
    updatedAt: row.updated_at,
  };
}
export type TemplateView = ReturnType<typeof toTemplateView>;

/**
 * The placeholders of a body: Meta numbers them {{1}}…{{n}} without gaps. Returns their count, or
 * the reason the body is not a valid template body.
 */
export function countPlaceholders(body: string): number | string {
  const numbers = [...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1]));
  const distinct = [...new Set(numbers)].sort((a, b) => a - b);
  if (distinct.some((n, i) => n !== i + 1)) return 'placeholders must be numbered {{1}}, {{2}}, … without gaps';
  return distinct.length;
}

/** The body with its placeholders filled: the text stored (masked and sealed) for the message. */
export function fillTemplate(body: string, parameters: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => parameters[Number(n) - 1] ?? whole);
}

async function whatsappChannel(ctx: AppContext, tx: Tx, orgId: string, channelId: string) {
  const channel = await loadChannel<WhatsAppSecrets>(ctx, tx, orgId, channelId);
  if (!channel) throw Problem.notFound('Channel');
  if (channel.row.type !== 'whatsapp') throw Problem.field('channelId', 'templates exist for WhatsApp channels only');
  return channel;
}

export async function listTemplates(ctx: AppContext, input: { orgId: string; channelId: string; approvedOnly?: boolean }): Promise<TemplateView[]> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const channel = await tx.selectFrom('channels').select(['id', 'type']).where('org_id', '=', input.orgId).where('id', '=', input.channelId).executeTakeFirst();
    if (!channel) throw Problem.notFound('Channel');
    let q = tx.selectFrom('whatsapp_templates').selectAll().where('org_id', '=', input.orgId).where('channel_id', '=', input.channelId);
    if (input.approvedOnly) q = q.where('status', '=', 'APPROVED');
    return (await q.orderBy('name').orderBy('language').execute()).map(toTemplateView);
  });
}

export interface TemplateInput extends ComponentsInput {
  name: string;
  language: string;
  category: TemplateCategory;
  bodyText: string;
  status: TemplateStatus;
}

function checkedParamCount(bodyText: string): number {
  const count = countPlaceholders(bodyText);
  if (typeof count === 'string') throw Problem.field('bodyText', count);
  return count;
}

const duplicate = () =>
  new Problem(409, 'conflict', 'Conflict', 'This channel already has a template with this name and language.', { errors: [{ field: 'name', message: 'already exists for this language' }] });

/** An admin registers a template they manage in Meta's tools (e.g. when the WABA id is not configured). */
export async function createTemplate(ctx: AppContext, input: { orgId: string; channelId: string; actor: Actor; ip: string | null; template: TemplateInput }): Promise<TemplateView> {
  const paramCount = checkedParamCount(input.template.bodyText);
  const components = checkComponentsInput(input.template);
  return ctx.database.withTenant(input.orgId, async (tx) => {
    await whatsappChannel(ctx, tx, input.orgId, input.channelId);
    const taken = await tx
      .selectFrom('whatsapp_templates')
      .select('id')
      .where('org_id', '=', input.orgId)
      .where('channel_id', '=', input.channelId)
      .where('name', '=', input.template.name)
      .where('language', '=', input.template.language)
      .executeTakeFirst();
    if (taken) throw duplicate();
    const row = await tx
      .insertInto('whatsapp_templates')
      .values({
        org_id: input.orgId,
        id: randomUUID(),
        channel_id: input.channelId,
        name: input.template.name,
        language: input.template.language,
        category: input.template.category,
        body_text: input.template.bodyText,
        param_count: paramCount,
        status: input.template.status,
        components: JSON.stringify(components),
        source: 'local',
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'whatsapp_template.created',
      target: { type: 'whatsapp_template', id: row.id },
      ip: input.ip,
      metadata: { channelId: input.channelId, name: row.name, language: row.language, status: row.status },
    });
    return toTemplateView(row);
  });
}

export async function updateTemplate(
  ctx: AppContext,
  input: { orgId: string; channelId: string; id: string; actor: Actor; ip: string | null; changes: Partial<TemplateInput> },
): Promise<TemplateView> {
  const paramCount = input.changes.bodyText !== undefined ? checkedParamCount(input.changes.bodyText) : undefined;
  const { header, buttons } = input.changes;
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const current = await tx
      .selectFrom('whatsapp_templates')
      .selectAll()
      .where('org_id', '=', input.orgId)
      .where('channel_id', '=', input.channelId)
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!current) throw Problem.notFound('Template');
    const { name, language, category, bodyText, status } = input.changes;
    // Header and buttons are replaced separately: null removes the header, [] the buttons.
    const before = storedComponents(current.components);
    const components =
      header !== undefined || buttons !== undefined
        ? checkComponentsInput({ header: header === undefined ? (before.header ? { format: before.header.format, text: before.header.text } : undefined) : header, buttons: buttons ?? (before.buttons as ComponentsInput['buttons']) })
        : undefined;
    if ((name && name !== current.name) || (language && language !== current.language)) {
      const taken = await tx
        .selectFrom('whatsapp_templates')
        .select('id')
        .where('org_id', '=', input.orgId)
        .where('channel_id', '=', input.channelId)
        .where('name', '=', name ?? current.name)
        .where('language', '=', language ?? current.language)
        .where('id', '!=', current.id)
        .executeTakeFirst();
      if (taken) throw duplicate();
    }
    const row = await tx
      .updateTable('whatsapp_templates')
      .set({
        ...(name !== undefined ? { name } : {}),
        ...(language !== undefined ? { language } : {}),
        ...(category !== undefined ? { category } : {}),
        ...(bodyText !== undefined ? { body_text: bodyText, param_count: paramCount! } : {}),
        // A status set by hand replaces Meta's reason for the previous one.
        ...(status !== undefined ? { status, status_reason: null } : {}),
        ...(components ? { components: JSON.stringify(components) } : {}),
        updated_at: new Date(),
      })
      .where('org_id', '=', input.orgId)
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'whatsapp_template.updated',
      target: { type: 'whatsapp_template', id: row.id },
      ip: input.ip,
      metadata: { channelId: input.channelId, fields: Object.keys(input.changes), status: row.status },
    });
    return toTemplateView(row);
  });
}

export async function deleteTemplate(ctx: AppContext, input: { orgId: string; channelId: string; id: string; actor: Actor; ip: string | null }): Promise<void> {
  await ctx.database.withTenant(input.orgId, async (tx) => {
    const deleted = await tx
      .deleteFrom('whatsapp_templates')
      .where('org_id', '=', input.orgId)
      .where('channel_id', '=', input.channelId)
      .where('id', '=', input.id)
      .returning(['id', 'name', 'language'])
      .executeTakeFirst();
    if (!deleted) throw Problem.notFound('Template');
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'whatsapp_template.deleted',
      target: { type: 'whatsapp_template', id: deleted.id },
      ip: input.ip,
      metadata: { channelId: input.channelId, name: deleted.name, language: deleted.language },
    });
  });
}

const GRAPH_TIMEOUT_MS = 15_000;
const MAX_PAGES = 20;

interface MetaTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  bodyText: string;
  components: ReturnType<typeof componentsFromMeta>;
  rejectedReason: string | null;
  qualityScore: string | null;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

function parseMetaTemplate(raw: unknown): MetaTemplate | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const t = raw as Record<string, unknown>;
  const name = str(t.name);
  const language = str(t.language);
  if (!name || !language || !TEMPLATE_NAME.test(name) || language.length > 20) return null;
  const components = Array.isArray(t.components) ? t.components : [];
  const body = components.find((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && String((c as Record<string, unknown>).type).toUpperCase() === 'BODY');
  return {
    id: str(t.id)?.slice(0, 100) ?? '',
    name,
    language,
    status: (str(t.status) ?? 'PENDING').toUpperCase().slice(0, 40),
    category: (str(t.category) ?? 'UTILITY').toUpperCase().slice(0, 40),
    bodyText: (str(body?.text) ?? '').slice(0, MAX_TEMPLATE_BODY),
    components: componentsFromMeta(components),
    rejectedReason: str(t.rejected_reason) && t.rejected_reason !== 'NONE' ? String(t.rejected_reason).slice(0, 300) : null,
    qualityScore: str((t.quality_score as { score?: unknown } | undefined)?.score)?.toUpperCase().slice(0, 20) ?? null,
  };
}

/**
 * Reads every template of the channel's WhatsApp Business Account (GET {graphApiUrl}/{waba-id}/
 * message_templates, paged) and mirrors them: synced ones are inserted or updated, synced ones
 * Meta no longer lists are removed; templates an admin registered by hand are left alone unless
 * Meta now lists the same name and language.
 */
export async function syncTemplates(ctx: AppContext, input: { orgId: string; channelId: string; actor: Actor; ip: string | null }): Promise<{ items: TemplateView[]; synced: number; removed: number }> {
  // Credentials are read in a short transaction; the Graph API is not called with one open.
  const { wabaId, graphApiUrl, accessToken } = await ctx.database.withTenant(input.orgId, async (tx) => {
    const channel = await whatsappChannel(ctx, tx, input.orgId, input.channelId);
    const settings = channel.row.settings as { businessAccountId?: string; graphApiUrl?: string };
    if (!settings.businessAccountId) throw Problem.field('businessAccountId', "set the channel's WhatsApp Business Account id to sync its templates");
    return { wabaId: settings.businessAccountId, graphApiUrl: String(settings.graphApiUrl).replace(/\/+$/, ''), accessToken: channel.secrets.accessToken };
  });

  const fetched: MetaTemplate[] = [];
  const origin = new URL(graphApiUrl).origin;
  let next: string | undefined = `${graphApiUrl}/${encodeURIComponent(wabaId)}/message_templates?fields=id,name,language,status,category,components,rejected_reason,quality_score&limit=100`;
  for (let page = 0; next && page < MAX_PAGES; page++) {
    let response: Response;
    try {
      response = await fetch(next, { headers: { authorization: `Bearer ${accessToken}` }, signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS) });
    } catch {
      throw new Problem(502, 'graph-unreachable', 'Bad gateway', 'The WhatsApp Graph API could not be reached.');
    }
    const answer = (await response.json().catch(() => null)) as { data?: unknown[]; paging?: { next?: unknown }; error?: { code?: unknown } } | null;
    if (response.status === 401 || response.status === 403) throw new Problem(502, 'graph-token-refused', 'Bad gateway', "Meta refused the channel's access token.");
    if (!response.ok || !answer || !Array.isArray(answer.data)) {
      throw new Problem(502, 'graph-error', 'Bad gateway', `The WhatsApp Graph API answered ${response.status}${typeof answer?.error?.code === 'number' ? ` (code ${answer.error.code})` : ''}.`);
    }
    for (const raw of answer.data) {
      const t = parseMetaTemplate(raw);
      if (t) fetched.push(t);
    }
    const candidate = str(answer.paging?.next);
    // The token goes only to the Graph API the channel is configured with.
    next = candidate && new URL(candidate).origin === origin ? candidate : undefined;
  }

  return ctx.database.withTenant(input.orgId, async (tx) => {
    const existing = await tx.selectFrom('whatsapp_templates').selectAll().where('org_id', '=', input.orgId).where('channel_id', '=', input.channelId).execute();
    const byKey = new Map(existing.map((r) => [`${r.name}\u0000${r.language}`, r]));
    const seen = new Set<string>();
    for (const t of fetched) {
      const key = `${t.name}\u0000${t.language}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const paramCount = countPlaceholders(t.bodyText);
      const values = {
        category: t.category,
        body_text: t.bodyText,
        param_count: typeof paramCount === 'number' ? paramCount : 0,
        status: t.status,
        status_reason: t.status === 'APPROVED' ? null : t.rejectedReason,
        ...(t.qualityScore ? { quality_score: t.qualityScore } : {}),
        components: JSON.stringify(t.components),
        source: 'meta' as const,
        meta_id: t.id || null,
      };
      const current = byKey.get(key);
      if (current) {
        await tx.updateTable('whatsapp_templates').set({ ...values, updated_at: new Date() }).where('org_id', '=', input.orgId).where('id', '=', current.id).execute();
      } else {
        await tx.insertInto('whatsapp_templates').values({ org_id: input.orgId, id: randomUUID(), channel_id: input.channelId, name: t.name, language: t.language, ...values }).execute();
      }
    }
    const gone = existing.filter((r) => r.source === 'meta' && !seen.has(`${r.name}\u0000${r.language}`)).map((r) => r.id);
    if (gone.length) await tx.deleteFrom('whatsapp_templates').where('org_id', '=', input.orgId).where('id', 'in', gone).execute();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'whatsapp_template.synced',
      target: { type: 'channel', id: input.channelId },
      ip: input.ip,
      metadata: { synced: seen.size, removed: gone.length },
    });
    const rows = await tx.selectFrom('whatsapp_templates').selectAll().where('org_id', '=', input.orgId).where('channel_id', '=', input.channelId).orderBy('name').orderBy('language').execute();
    return { items: rows.map(toTemplateView), synced: seen.size, removed: gone.length };
  });
}
