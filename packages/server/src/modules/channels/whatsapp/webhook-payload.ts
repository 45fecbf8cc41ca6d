/**
 * The parts of a WhatsApp Cloud API webhook notification Sigilo reads. Shapes follow Meta's
 * reference; every field is optional here because a webhook is untrusted input: the translator
 * checks what it uses.
 */
export interface WhatsAppChangeValue {
  messaging_product?: string;
  metadata?: { display_phone_number?: string; phone_number_id?: string };
  contacts?: Array<{ wa_id?: string; user_id?: string; profile?: { name?: string } }>;
  messages?: WhatsAppInboundMessage[];
  statuses?: WhatsAppStatus[];
}

export interface WhatsAppInboundMessage {
  id?: string;
  from?: string;
  from_user_id?: string;
  timestamp?: string;
  type?: string;
  context?: { id?: string; from?: string; forwarded?: boolean; frequently_forwarded?: boolean };
  [key: string]: unknown;
}

export interface WhatsAppStatus {
  id?: string;
  status?: string;
  timestamp?: string;
  recipient_id?: string;
  errors?: Array<{ code?: number | string; title?: string; message?: string; error_data?: { details?: string } }>;
}

/** One channel's share of a notification: the change values addressed to its phone number id. */
export interface ChangesForPhoneNumber {
  phoneNumberId: string;
  values: WhatsAppChangeValue[];
}

/**
 * A change of the WhatsApp Business Account's templates (status, quality, category): keyed by the
 * account id (`entry[].id`), since templates belong to the account, not to a phone number.
 */
export interface TemplateAccountChange {
  wabaId: string;
  field: TemplateChangeField;
  value: unknown;
  /** `entry[].time`, seconds since the epoch, when Meta sent one. */
  time: number | null;
}

export const TEMPLATE_CHANGE_FIELDS = ['message_template_status_update', 'message_template_quality_update', 'template_category_update'] as const;
export type TemplateChangeField = (typeof TEMPLATE_CHANGE_FIELDS)[number];

export class MalformedWebhookError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Groups a notification's changes by the phone number they were sent to: one POST may carry
 * several numbers (of one Meta app), and each belongs to its own Sigilo channel and tenant.
 * Template changes are returned apart, by account; changes of other fields (account updates…) are
 * skipped.
 */
export function groupChangesByPhoneNumber(payload: unknown): { groups: ChangesForPhoneNumber[]; templateChanges: TemplateAccountChange[]; skipped: number } {
  if (!isObject(payload) || !Array.isArray(payload.entry)) throw new MalformedWebhookError('not a WhatsApp notification: no entry[]');
  const groups = new Map<string, WhatsAppChangeValue[]>();
  const templateChanges: TemplateAccountChange[] = [];
  let skipped = 0;
  for (const entry of payload.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) {
      skipped++;
      continue;
    }
    for (const change of entry.changes) {
      const field = isObject(change) ? change.field : undefined;
      if ((TEMPLATE_CHANGE_FIELDS as readonly unknown[]).includes(field)) {
        // The value is checked by the worker; only the routing key has to be usable here.
        if (typeof entry.id === 'string' && /^\d{1,32}$/.test(entry.id)) {
          templateChanges.push({ wabaId: entry.id, field: field as TemplateChangeField, value: (change as Record<string, unknown>).value, time: typeof entry.time === 'number' && Number.isFinite(entry.time) ? entry.time : null });
        } else skipped++;
        continue;
      }
      const value = isObject(change) ? change.value : undefined;
      const phoneNumberId = isObject(value) && isObject(value.metadata) ? value.metadata.phone_number_id : undefined;
      if (!isObject(value) || typeof phoneNumberId !== 'string' || !/^\d{1,32}$/.test(phoneNumberId)) {
        skipped++;
        continue;
      }
      const list = groups.get(phoneNumberId) ?? [];
      list.push(value as WhatsAppChangeValue);
      groups.set(phoneNumberId, list);
    }
  }
  return { groups: [...groups].map(([phoneNumberId, values]) => ({ phoneNumberId, values })), templateChanges, skipped };
}
