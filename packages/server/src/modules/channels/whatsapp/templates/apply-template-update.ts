import type { AppContext } from '../../../../platform/context.js';
import { systemActor } from '../../../audit/actor.js';
import { recordAuditEntry } from '../../../audit/record-audit-entry.js';
import type { TemplateAccountChange } from '../webhook-payload.js';
import { TEMPLATE_CATEGORIES, TEMPLATE_LANGUAGE, TEMPLATE_NAME } from './manage-templates.js';

/**
 * Meta's template webhooks (message_template_status_update, message_template_quality_update,
 * template_category_update) applied to the stored templates of the channels of that WhatsApp
 * Business Account. They carry no personal data (template ids, names, codes), so the job holds
 * them in clear.
 */
export const TEMPLATE_UPDATES_QUEUE = 'whatsapp.template-updates';

interface TemplateRef {
  metaId: string | null;
  name: string | null;
  language: string | null;
  /** Meta's `entry[].time`, seconds. */
  time: number | null;
}
export type TemplateUpdate =
  | (TemplateRef & { kind: 'status'; event: string; reason: string | null })
  | (TemplateRef & { kind: 'quality'; score: string })
  | (TemplateRef & { kind: 'category'; category: string });

export interface TemplateUpdateJobData {
  orgId: string;
  channelId: string;
  updates: TemplateUpdate[];
}

/**
 * Status events and the status they leave the template in. REINSTATED makes a flagged or disabled
 * template sendable again; FLAGGED (at risk, still sendable), LOCKED/UNLOCKED (editing only) and
 * UNARCHIVED (back to whatever it was) change nothing here: a sync reads the status they leave.
 */
const STATUS_OF_EVENT: Record<string, string> = {
  APPROVED: 'APPROVED',
  REINSTATED: 'APPROVED',
  PENDING: 'PENDING',
  REJECTED: 'REJECTED',
  PAUSED: 'PAUSED',
  DISABLED: 'DISABLED',
  IN_APPEAL: 'IN_APPEAL',
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  PENDING_DELETION: 'PENDING_DELETION',
  DELETED: 'DELETED',
  ARCHIVED: 'ARCHIVED',
};
const QUALITY_SCORES = new Set(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const code = (v: unknown, max = 60): string | null => (typeof v === 'string' && /^[A-Za-z0-9_ .:-]{1,300}$/.test(v) ? v.slice(0, max) : null);

/** A change as Meta documents it, or null when it is not one (untrusted input: logged and dropped). */
export function parseTemplateUpdate(change: TemplateAccountChange): TemplateUpdate | null {
  const v = change.value;
  if (!isObject(v)) return null;
  const id = v.message_template_id;
  const metaId = (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && /^\d{1,32}$/.test(id)) ? String(id) : null;
  const name = typeof v.message_template_name === 'string' && TEMPLATE_NAME.test(v.message_template_name) ? v.message_template_name : null;
  // Meta's language codes are pt_BR, en_US…; its examples also show en-US.
  const rawLanguage = typeof v.message_template_language === 'string' ? v.message_template_language.replace('-', '_') : null;
  const language = rawLanguage && TEMPLATE_LANGUAGE.test(rawLanguage) ? rawLanguage : null;
  if (!metaId && !(name && language)) return null;
  const ref: TemplateRef = { metaId, name, language, time: change.time };
  switch (change.field) {
    case 'message_template_status_update': {
      const event = typeof v.event === 'string' ? v.event.toUpperCase() : '';
      if (!/^[A-Z_]{2,40}$/.test(event)) return null;
      const otherInfo = isObject(v.other_info) ? v.other_info : {};
      const reason = code(v.reason) !== 'NONE' ? code(v.reason) : null;
      return { ...ref, kind: 'status', event, reason: reason ?? code(otherInfo.title) };
    }
    case 'message_template_quality_update': {
      const score = typeof v.new_quality_score === 'string' ? v.new_quality_score.toUpperCase() : '';
      return QUALITY_SCORES.has(score) ? { ...ref, kind: 'quality', score } : null;
    }
    case 'template_category_update': {
      const category = typeof v.new_category === 'string' ? v.new_category.toUpperCase() : '';
      return (TEMPLATE_CATEGORIES as readonly string[]).includes(category) ? { ...ref, kind: 'category', category } : null;
    }
  }
}

/** Acknowledged to Meta only once committed, like the message changes. */
export async function enqueueTemplateUpdates(ctx: AppContext, data: TemplateUpdateJobData): Promise<void> {
  await ctx.jobs.enqueue(TEMPLATE_UPDATES_QUEUE, data, { retryLimit: 10, retryDelaySeconds: 2, retryBackoff: true });
}

export type TemplateUpdateOutcome = 'applied' | 'stale' | 'unchanged' | 'unknown-template';

/**
 * Applies one update to the channel's copy of the template, found by Meta's id, else by name and
 * language. A status older than the one stored (webhooks may arrive out of order) is skipped.
 */
export async function applyTemplateUpdate(ctx: AppContext, input: { orgId: string; channelId: string; update: TemplateUpdate }): Promise<TemplateUpdateOutcome> {
  const { orgId, channelId, update } = input;
  return ctx.database.withTenant(orgId, async (tx) => {
    const base = tx.selectFrom('whatsapp_templates').selectAll().where('org_id', '=', orgId).where('channel_id', '=', channelId);
    const row =
      (update.metaId ? await base.where('meta_id', '=', update.metaId).executeTakeFirst() : undefined) ??
      (update.name && update.language ? await base.where('name', '=', update.name).where('language', '=', update.language).executeTakeFirst() : undefined);
    if (!row) return 'unknown-template';
    const at = update.time ? new Date(update.time * 1000) : new Date();
    const metaId = row.meta_id ?? update.metaId;
    const change = (values: { quality_score?: string; category?: string; status?: string; status_reason?: string | null; status_changed_at?: Date }) =>
      tx.updateTable('whatsapp_templates').set({ ...values, meta_id: metaId, updated_at: new Date() }).where('org_id', '=', orgId).where('id', '=', row.id).execute();

    // Meta changed the template: recorded as the channel's doing, with which template it was.
    const audit = (action: string, what: Record<string, unknown>) =>
      recordAuditEntry(tx, {
        orgId,
        actor: systemActor('whatsapp'),
        action,
        target: { type: 'whatsapp_template', id: row.id },
        ip: null,
        metadata: { channelId, name: row.name, language: row.language, ...what },
      });
    if (update.kind === 'quality') {
      if (row.quality_score === update.score) return 'unchanged';
      await change({ quality_score: update.score });
      return 'applied';
    }
    if (update.kind === 'category') {
      if (row.category === update.category) return 'unchanged';
      await change({ category: update.category });
      await audit('whatsapp_template.category_changed', { from: row.category, to: update.category });
      return 'applied';
    }
    const status = STATUS_OF_EVENT[update.event];
    if (!status) return 'unchanged';
    if (row.status_changed_at && at < row.status_changed_at) return 'stale';
    const reason = status === 'APPROVED' ? null : update.reason;
    await change({ status, status_reason: reason, status_changed_at: at });
    if (status !== row.status || reason !== row.status_reason) {
      await audit('whatsapp_template.status_changed', { from: row.status, to: status, event: update.event, ...(reason ? { reason } : {}) });
    }
    return 'applied';
  });
}

/** The worker: applies each job's updates; unknown templates are logged without the payload. */
export async function startTemplateUpdateWorker(ctx: AppContext): Promise<void> {
  await ctx.jobs.work<TemplateUpdateJobData>(TEMPLATE_UPDATES_QUEUE, async (data) => {
    const counts: Record<TemplateUpdateOutcome, number> = { applied: 0, stale: 0, unchanged: 0, 'unknown-template': 0 };
    for (const update of Array.isArray(data.updates) ? data.updates : []) counts[await applyTemplateUpdate(ctx, { orgId: data.orgId, channelId: data.channelId, update })]++;
    if (counts['unknown-template'] || counts.stale) ctx.logger.info({ orgId: data.orgId, channelId: data.channelId, ...counts }, 'whatsapp template updates processed; some named no stored template or were older than the stored status');
  }, { batchSize: 5, pollingIntervalSeconds: 0.5 });
}
