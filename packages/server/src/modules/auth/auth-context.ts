import type { Actor } from '../audit/actor.js';
import type { Permission, Role } from './permissions.js';
import type { SessionStatus } from './sessions.js';

/** Who is calling, resolved once per request from the session cookie or the bearer token. */
export type AuthContext =
  | {
      via: 'session';
      orgId: string;
      actor: Actor & { type: 'user' };
      userId: string;
      role: Role;
      sessionId: string;
      sessionStatus: SessionStatus;
      permissions: ReadonlySet<Permission>;
    }
  | {
      via: 'token';
      orgId: string;
      actor: Actor & { type: 'token' };
      tokenId: string;
      permissions: ReadonlySet<Permission>;
    };
