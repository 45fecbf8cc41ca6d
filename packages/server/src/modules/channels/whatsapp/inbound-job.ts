import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import type { InboxItem } from '../../../platform/jobs/inbox.js';
import { openForOrganization, sealForOrganization } from '../channel-secrets.js';
import type { WhatsAppChangeValue } from './webhook-payload.js';

/** The inbox queue of acknowledged WhatsApp notifications (platform/jobs/inbox.ts). */
export const INBOUND_QUEUE = 'whatsapp.inbound';

/** What an inbox item holds, once opened: one channel's share of a notification. */
export interface InboundChanges {
  orgId: string;
  channelId: string;
  values: WhatsAppChangeValue[];
  /** When the webhook was accepted, in microseconds since the epoch: orders the messages it carries. */
  receivedAt?: number;
  /** Re-deliveries of statuses that arrived before their message's wamid was known. */
  attempt?: number;
}

/** Sealed for the tenant: the item's row holds the routing ids in clear and nothing else. */
type Sealed = Pick<InboundChanges, 'values' | 'receivedAt' | 'attempt'>;

const aad = (channelId: string) => `inbox:${INBOUND_QUEUE}:${channelId}`;

export function openInboundChanges(ctx: AppContext, item: InboxItem): InboundChanges {
  const sealed = openForOrganization<Sealed>(ctx.kms, item.orgId, aad(item.route), item.payload);
  return { orgId: item.orgId, channelId: item.route, ...sealed };
}

/**
 * Puts one channel's changes into the inbox; Meta is acknowledged only after this has been
 * committed. Concurrent webhooks share one insert (group commit). A retry later (statuses that
 * overtook their message) waits `startAfterSeconds`.
 */
export async function enqueueInboundChanges(
  ctx: AppContext,
  input: { orgId: string; channelId: string; values: WhatsAppChangeValue[]; attempt?: number; startAfterSeconds?: number; receivedAt?: number; tx?: Tx },
): Promise<void> {
  const sealed: Sealed = {
    values: input.values,
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
    ...(input.attempt ? { attempt: input.attempt } : {}),
  };
  const entry = { orgId: input.orgId, route: input.channelId, payload: sealForOrganization(ctx.kms, input.orgId, aad(input.channelId), sealed) };
  if (input.tx || input.startAfterSeconds) {
    await ctx.jobs.inbox.putMany(INBOUND_QUEUE, [entry], {
      ...(input.tx ? { tx: input.tx } : {}),
      ...(input.startAfterSeconds ? { availableAt: new Date(Date.now() + input.startAfterSeconds * 1000) } : {}),
    });
  } else {
    await ctx.jobs.inbox.put(INBOUND_QUEUE, entry);
  }
}
