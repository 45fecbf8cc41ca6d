import type { Message } from '../../api/types';

/** Masked facts of an attachment as GET /conversations/{id}/messages lists them. */
export interface AttachmentFacts {
  id: string;
  mimeType: string;
  sizeBytes: number | null;
  filenameMasked: string | null;
  status: 'pending' | 'stored' | 'failed' | 'refused';
  reason: string | null;
  revealable: boolean;
}

export type MessageWithAttachments = Message & { attachments?: AttachmentFacts[] };

export interface WhatsAppTemplate {
  id: string;
  channelId: string;
  name: string;
  language: string;
  category: string;
  bodyText: string;
  paramCount: number;
  status: string;
  /** Meta's reason for a rejection, pause or disablement (INVALID_FORMAT, FIRST_PAUSE…). */
  statusReason: string | null;
  qualityScore: string | null;
  /** A TEXT header with a {{1}}, or a media header, needs a parameter when sending. */
  header?: { format: 'TEXT' | 'IMAGE' | 'DOCUMENT' | 'VIDEO' | 'LOCATION'; text?: string; paramCount: number };
  /** A URL button with a {{1}} needs its suffix; a quick reply may carry a payload. */
  buttons?: Array<{ type: string; text: string; url?: string; paramCount: number }>;
  source: 'meta' | 'local';
  updatedAt: string;
}

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Whether free text can still be sent: WhatsApp delivers it only within 24 hours of the customer's
 * last message (the server checks again and answers 422 otherwise).
 */
export function isWindowOpen(messages: Message[], now = Date.now()): boolean {
  let last = 0;
  for (const m of messages) if (m.direction === 'inbound') last = Math.max(last, Date.parse(m.createdAt) || 0);
  return last > 0 && now - last <= CUSTOMER_SERVICE_WINDOW_MS;
}

export function fillTemplate(body: string, parameters: string[]): string {
  return body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => parameters[Number(n) - 1] || whole);
}

export function formatBytes(bytes: number, language: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

/** Saves a blob as a file: a download, never shown in the page (a customer's HTML or SVG must not run here). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
