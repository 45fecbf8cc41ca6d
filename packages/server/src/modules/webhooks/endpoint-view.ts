import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable } from '../../platform/db/schema.js';

export function toEndpointView(row: Selectable<WebhookEndpointsTable>) {
  return { id: row.id, url: row.url, events: row.events, enabled: row.enabled, createdAt: row.created_at };
}
export type EndpointView = ReturnType<typeof toEndpointView>;
