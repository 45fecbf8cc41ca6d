import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';

/** Appends one entry to an alert's timeline. */
export async function recordAlertEvent(
  tx: Tx,
  input: { orgId: string; alertId: string; type: string; actorId: string | null; comment?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await tx
    .insertInto('alert_events')
    .values({
      org_id: input.orgId,
      id: randomUUID(),
      alert_id: input.alertId,
      type: input.type,
      actor_id: input.actorId,
      comment: input.comment ?? null,
      data: JSON.stringify(input.data ?? {}),
    })
    .execute();
}
