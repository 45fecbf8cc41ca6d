import { createHash } from 'node:crypto';
import type { AppContext } from '../../platform/context.js';
import { Problem } from '../../platform/http/problem.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { isIpAllowed } from '../ip-allowlist/is-ip-allowed.js';
import { decoyPasswordHash, verifyPassword } from './passwords.js';
import { recordFailedLogin } from './record-failed-login.js';
import { createSession, type SessionStatus } from './sessions.js';

export interface LogInInput {
  email: string;
  password: string;
  org?: string;
  ip: string | null;
  userAgent: string | null;
}

export interface LogInResult {
  status: SessionStatus;
  sessionToken: string;
  expiresAt: Date;
}

const wrongCredentials = () => Problem.unauthorized('Wrong e-mail or password.');

function accountLocked(until: number, now: number, metrics: AppContext['metrics']): Problem {
  metrics.logins.inc({ outcome: 'locked' });
  return new Problem(423, 'account-locked', 'Account locked', 'Too many failed attempts; try again later.', {
    retryAfterSeconds: Math.max(1, Math.ceil((until - now) / 1000)),
  });
}

/**
 * Failure counts for e-mails that have no account, kept in memory by hash (never the address) and
 * bounded, so an unknown e-mail locks after as many failures as a real one.
 */
const phantomLockout = {
  entries: new Map<string, { failures: number; lockedUntil: number }>(),
  fail(email: string, now: number, max: number, minutes: number): number | null {
    const key = createHash('sha256').update(email).digest('base64url');
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return entry.lockedUntil;
    entry.failures += 1;
    if (entry.failures > max) {
      entry.failures = 0;
      entry.lockedUntil = now + minutes * 60_000;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > 50_000) this.entries.delete(this.entries.keys().next().value!);
    return entry.lockedUntil > now ? entry.lockedUntil : null;
  },
};

/**
 * Password step of the login. Accounts lock after LOGIN_MAX_FAILURES consecutive failures; the
 * answer for an unknown e-mail costs the same argon2 work as for a known one.
 */
export async function logIn(ctx: AppContext, input: LogInInput): Promise<LogInResult> {
  const { database, config, metrics } = ctx;
  const email = input.email.trim().toLowerCase();
  const candidates = await database.withSystem((tx) => {
    let q = tx
      .selectFrom('users')
      .innerJoin('organizations', 'organizations.id', 'users.org_id')
      .select([
        'users.org_id',
        'users.id',
        'users.email',
        'users.role',
        'users.password_hash',
        'users.totp_enabled_at',
        'users.locked_until',
        'users.disabled_at',
        'organizations.require_2fa_roles',
      ])
      .where('users.email', '=', email);
    if (input.org) q = q.where('organizations.slug', '=', input.org.trim().toLowerCase());
    return q.execute();
  });

  const now = Date.now();
  if (candidates.length === 0) {
    // Unknown e-mails lock like real ones, so neither the answer nor the lockout tells them apart.
    await verifyPassword(await decoyPasswordHash(), input.password);
    const lockedUntil = phantomLockout.fail(email, now, config.LOGIN_MAX_FAILURES, config.LOGIN_LOCKOUT_MINUTES);
    if (lockedUntil) throw accountLocked(lockedUntil, now, metrics);
    metrics.logins.inc({ outcome: 'wrong_credentials' });
    throw wrongCredentials();
  }

  const unlocked = candidates.filter((c) => !c.locked_until || c.locked_until.getTime() <= now);
  if (unlocked.length === 0) {
    await verifyPassword(await decoyPasswordHash(), input.password); // same cost as any other answer
    throw accountLocked(Math.min(...candidates.map((c) => c.locked_until!.getTime())), now, metrics);
  }

  const matches = [];
  for (const c of unlocked) if (await verifyPassword(c.password_hash, input.password)) matches.push(c);

  if (matches.length === 0) {
    for (const c of unlocked) await recordFailedLogin(ctx, c.org_id, c.id, input.ip, 'wrong_password');
    metrics.logins.inc({ outcome: 'wrong_credentials' });
    throw wrongCredentials();
  }
  if (matches.length > 1) {
    throw Problem.field('org', 'this e-mail belongs to several organisations; give the organisation identifier');
  }

  const user = matches[0]!;
  if (user.disabled_at) {
    await recordFailedLogin(ctx, user.org_id, user.id, input.ip, 'account_disabled', false);
    metrics.logins.inc({ outcome: 'disabled' });
    throw wrongCredentials();
  }

  return database.withTenant(user.org_id, async (tx) => {
    const allowlist = await tx.selectFrom('ip_allowlist').select('cidr').where('org_id', '=', user.org_id).execute();
    if (!isIpAllowed(allowlist.map((a) => a.cidr), input.ip)) {
      await recordAuditEntry(tx, {
        orgId: user.org_id,
        actor: { type: 'user', id: user.id, label: user.email },
        action: 'login.ip_blocked',
        target: { type: 'user', id: user.id },
        ip: input.ip,
      });
      metrics.logins.inc({ outcome: 'ip_blocked' });
      // The entry above must survive the refusal, so the refusal is returned, not thrown here.
      return null;
    }
    const status: SessionStatus = user.totp_enabled_at
      ? 'mfa_required'
      : user.require_2fa_roles.includes(user.role)
        ? 'mfa_enrolment_required'
        : 'active';
    if (status !== 'mfa_required') {
      // With a second factor still due the failure counter stays: wrong codes and wrong passwords
      // share it, so re-entering the password cannot reset a TOTP guessing run.
      await tx
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: null, last_login_at: new Date() })
        .where('org_id', '=', user.org_id)
        .where('id', '=', user.id)
        .execute();
    }
    const session = await createSession(tx, {
      orgId: user.org_id,
      userId: user.id,
      status,
      ip: input.ip,
      userAgent: input.userAgent,
      ttlHours: config.SESSION_TTL_HOURS,
    });
    await recordAuditEntry(tx, {
      orgId: user.org_id,
      actor: { type: 'user', id: user.id, label: user.email },
      action: status === 'mfa_required' ? 'login.password_verified' : 'login.succeeded',
      target: { type: 'user', id: user.id },
      ip: input.ip,
      metadata: status === 'mfa_enrolment_required' ? { pending: '2fa_enrolment' } : { method: 'password' },
    });
    metrics.logins.inc({ outcome: status === 'mfa_required' ? 'mfa_challenge' : 'success' });
    return { status, sessionToken: session.token, expiresAt: session.expiresAt };
  }).then((result) => {
    if (!result) throw Problem.forbidden('Your address is not in this organisation\'s IP allowlist.', 'ip-not-allowed');
    return result;
  });
}
