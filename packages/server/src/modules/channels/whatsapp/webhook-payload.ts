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

export class MalformedWebhookError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Groups a notification's changes by the phone number they were sent to: one POST may carry
 * several numbers (of one Meta app), and each belongs to its own Sigilo channel and tenant.
 * Changes of other fields (template status, account updates) carry no messages and are skipped.
 */
export function groupChangesByPhoneNumber(payload: unknown): { groups: ChangesForPhoneNumber[]; skipped: number } {
  if (!isObject(payload) || !Array.isArray(payload.entry)) throw new MalformedWebhookError('not a WhatsApp notification: no entry[]');
  const groups = new Map<string, WhatsAppChangeValue[]>();
  let skipped = 0;
  for (const entry of payload.entry) {
    if (!isObject(entry) || !Array.isArray(entry.changes)) {
      skipped++;
      continue;
    }
    for (const change of entry.changes) {
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
  return { groups: [...groups].map(([phoneNumberId, values]) => ({ phoneNumberId, values })), skipped };
}
