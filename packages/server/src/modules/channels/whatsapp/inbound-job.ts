import type { AppContext } from '../../../platform/context.js';
import type { Tx } from '../../../platform/db/database.js';
import { openForOrganization, sealForOrganization } from '../channel-secrets.js';
import type { WhatsAppChangeValue } from './webhook-payload.js';

export const INBOUND_QUEUE = 'whatsapp.inbound';

/** What the job table holds: routing ids in clear, the customer's payload sealed for the tenant. */
export interface InboundJobData {
  orgId: string;
  channelId: string;
  /** base64 of the sealed change values */
  sealed: string;
  /** Re-deliveries of statuses that arrived before their message's wamid was known. */
  attempt?: number;
  /** When the webhook was accepted, in microseconds since the epoch: orders the messages it carries. */
  receivedAt?: number;
}

const aad = (channelId: string) => `jobs:${INBOUND_QUEUE}:${channelId}`;

export function sealInboundChanges(ctx: AppContext, orgId: string, channelId: string, values: WhatsAppChangeValue[]): string {
  return sealForOrganization(ctx.kms, orgId, aad(channelId), values).toString('base64');
}

export function openInboundChanges(ctx: AppContext, data: InboundJobData): WhatsAppChangeValue[] {
  return openForOrganization<WhatsAppChangeValue[]>(ctx.kms, data.orgId, aad(data.channelId), Buffer.from(data.sealed, 'base64'));
}

/**
 * Enqueues one channel's changes; Meta is acknowledged only after this has been committed.
 * Without a transaction, concurrent webhooks share one insert (group commit).
 */
export async function enqueueInboundChanges(
  ctx: AppContext,
  input: { orgId: string; channelId: string; values: WhatsAppChangeValue[]; attempt?: number; startAfterSeconds?: number; receivedAt?: number; tx?: Tx },
): Promise<void> {
  const data: InboundJobData = {
    orgId: input.orgId,
    channelId: input.channelId,
    sealed: sealInboundChanges(ctx, input.orgId, input.channelId, input.values),
    ...(input.attempt ? { attempt: input.attempt } : {}),
    ...(input.receivedAt ? { receivedAt: input.receivedAt } : {}),
  };
  const options = { retryLimit: 10, retryDelaySeconds: 2, retryBackoff: true };
  if (input.tx || input.startAfterSeconds) {
    await ctx.jobs.send(INBOUND_QUEUE, data, { ...options, ...(input.startAfterSeconds ? { startAfterSeconds: input.startAfterSeconds } : {}), ...(input.tx ? { tx: input.tx } : {}) });
  } else {
    await ctx.jobs.enqueue(INBOUND_QUEUE, data, options);
  }
}
