import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { hashSecret, newSessionToken } from './secret-tokens.js';

export type SessionStatus = 'active' | 'mfa_required' | 'mfa_enrolment_required';

/** A session still waiting for its second factor lives only long enough to type a code. */
const PENDING_MINUTES = 10;

export async function createSession(
  tx: Tx,
  input: { orgId: string; userId: string; status: SessionStatus; ip: string | null; userAgent: string | null; ttlHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken(input.orgId);
  const minutes = input.status === 'mfa_required' ? PENDING_MINUTES : input.ttlHours * 60;
  const expiresAt = new Date(Date.now() + minutes * 60_000);
  await tx
    .insertInto('sessions')
    .values({
      org_id: input.orgId,
      id: randomUUID(),
      user_id: input.userId,
      token_hash: hashSecret(token),
      status: input.status,
      ip: input.ip,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

/**
 * A fresh token for a session whose privileges just grew (second factor passed, 2FA enrolled), so a
 * token seen before the step up is worthless after it.
 */
export async function promoteSession(
  tx: Tx,
  input: { orgId: string; sessionId: string; ttlHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSessionToken(input.orgId);
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000);
  await tx
    .updateTable('sessions')
    .set({ token_hash: hashSecret(token), status: 'active', expires_at: expiresAt, last_seen_at: new Date() })
    .where('org_id', '=', input.orgId)
    .where('id', '=', input.sessionId)
    .execute();
  return { token, expiresAt };
}
