import { hash, verify } from '@node-rs/argon2';
import { readFileSync } from 'node:fs';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128; // argon2 cost grows with length; this bound keeps login cheap to refuse

const common = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);

/** Why a new password is refused, or null. NIST 800-63B style: length and a blocklist, no composition rules. */
export function passwordWeakness(password: string, context: { email?: string; name?: string } = {}): string | null {
  if (password.length < PASSWORD_MIN) return `must have at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must have at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (common.has(lower) || common.has(stem)) return 'is too common; choose a less predictable password';
  if (/^(.)\1+$/u.test(password)) return 'must not repeat a single character';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain your e-mail address';
  return null;
}

// OWASP's argon2id baseline (19 MiB, t=2, p=1).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when no account matched, so timing does not reveal which e-mails exist. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword('decoy-password-for-timing-only');
  return decoyHash;
}
