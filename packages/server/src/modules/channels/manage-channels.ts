import { randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { ChannelsTable, ChannelType } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { Actor } from '../audit/actor.js';
import { recordAuditEntry } from '../audit/record-audit-entry.js';
import { openForOrganization, sealForOrganization } from './channel-secrets.js';

export const META_GRAPH_API_URL = 'https://graph.facebook.com/v21.0';

export type ChannelInput =
  | { type: 'whatsapp'; name: string; phoneNumberId: string; accessToken: string; appSecret: string; verifyToken: string; graphApiUrl?: string; businessAccountId?: string }
  | { type: 'webchat'; name: string; allowedOrigins?: string[]; prechatFields?: ('name' | 'email')[] };

export interface WhatsAppSecrets {
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export interface WebchatSecrets {
  /** HMAC key the host site uses to vouch for a logged-in customer (identifier_hash). */
  identitySecret: string;
}

export function toChannelView(row: Selectable<ChannelsTable>) {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    publicKey: row.public_key,
    settings: row.settings,
    enabled: row.enabled,
    createdAt: row.created_at,
  };
}
export type ChannelView = ReturnType<typeof toChannelView>;

/** Creates a channel; credentials are sealed, and the webchat identity secret is returned this once. */
export async function createChannel(
  ctx: AppContext,
  input: { orgId: string; actor: Actor; ip: string | null; channel: ChannelInput },
): Promise<ChannelView & { identitySecret?: string }> {
  const id = randomUUID();
  const c = input.channel;
  let publicKey: string;
  let settings: Record<string, unknown>;
  let secrets: WhatsAppSecrets | WebchatSecrets;
  if (c.type === 'whatsapp') {
    publicKey = c.phoneNumberId;
    settings = {
      phoneNumberId: c.phoneNumberId,
      graphApiUrl: (c.graphApiUrl ?? META_GRAPH_API_URL).replace(/\/+$/, ''),
      ...(c.businessAccountId ? { businessAccountId: c.businessAccountId } : {}),
    };
    secrets = { accessToken: c.accessToken, appSecret: c.appSecret, verifyToken: c.verifyToken };
  } else {
    publicKey = `wc_${randomBytes(18).toString('base64url')}`;
    // Data minimisation: the pre-chat form asks for a name only unless the organisation chooses more.
    settings = { allowedOrigins: (c.allowedOrigins ?? []).map((o) => new URL(o).origin), prechatFields: c.prechatFields ?? ['name'] };
    secrets = { identitySecret: randomBytes(32).toString('base64url') };
  }
  const alreadyConnected = () =>
    new Problem(409, 'conflict', 'Conflict', 'This WhatsApp phone number id is already connected.', { errors: [{ field: 'phoneNumberId', message: 'already connected' }] });
  if (c.type === 'whatsapp') {
    // The phone number id routes Meta's webhooks, so it is unique across the installation. Checked
    // before the tenant transaction (never nested: PGlite runs one transaction at a time); the
    // unique index settles a race.
    const taken = await ctx.database.withSystem((sys) => sys.selectFrom('channels').select('id').where('public_key', '=', publicKey).executeTakeFirst());
    if (taken) throw alreadyConnected();
  }
  const row = await ctx.database.withTenant(input.orgId, async (tx) => {
    const inserted = await tx
      .insertInto('channels')
      .values({
        org_id: input.orgId,
        id,
        type: c.type,
        name: c.name.trim(),
        settings: JSON.stringify(settings),
        secrets_sealed: sealForOrganization(ctx.kms, input.orgId, `channels:${id}`, secrets),
        public_key: publicKey,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action: 'channel.created',
      target: { type: 'channel', id },
      ip: input.ip,
      metadata: { type: c.type, name: inserted.name },
    });
    return inserted;
  });
  const view = toChannelView(row);
  return c.type === 'webchat' ? { ...view, identitySecret: (secrets as WebchatSecrets).identitySecret } : view;
}

export async function listChannels(ctx: AppContext, orgId: string): Promise<ChannelView[]> {
  const rows = await ctx.database.withTenant(orgId, (tx) => tx.selectFrom('channels').selectAll().orderBy('created_at').execute());
  return rows.map(toChannelView);
}

/** A channel with its credentials opened, for the adapter that needs them. */
export async function loadChannel<S>(ctx: AppContext, tx: Tx, orgId: string, channelId: string): Promise<{ row: Selectable<ChannelsTable>; secrets: S } | null> {
  const row = await tx.selectFrom('channels').selectAll().where('org_id', '=', orgId).where('id', '=', channelId).executeTakeFirst();
  if (!row) return null;
  const secrets = row.secrets_sealed ? openForOrganization<S>(ctx.kms, orgId, `channels:${row.id}`, row.secrets_sealed) : ({} as S);
  return { row, secrets };
}

/**
 * Resolves a public routing key (WhatsApp phone number id, widget key) to its organisation and
 * channel. Runs before the tenant is known, so it reads only the routing columns.
 */
export async function findChannelByPublicKey(ctx: AppContext, type: ChannelType, publicKey: string): Promise<{ orgId: string; channelId: string; enabled: boolean } | null> {
  const row = await ctx.database.withSystem((tx) =>
    tx.selectFrom('channels').select(['org_id', 'id', 'enabled']).where('type', '=', type).where('public_key', '=', publicKey).executeTakeFirst(),
  );
  return row ? { orgId: row.org_id, channelId: row.id, enabled: row.enabled } : null;
}

/** Enables or disables a channel, or changes a web chat's allowed origins and pre-chat fields. */
export async function updateChannel(
  ctx: AppContext,
  input: {
    orgId: string;
    id: string;
    actor: Actor;
    ip: string | null;
    changes: { enabled?: boolean; allowedOrigins?: string[]; prechatFields?: ('name' | 'email')[]; businessAccountId?: string | null };
  },
): Promise<ChannelView> {
  return ctx.database.withTenant(input.orgId, async (tx) => {
    const current = await tx.selectFrom('channels').selectAll().where('org_id', '=', input.orgId).where('id', '=', input.id).executeTakeFirst();
    if (!current) throw Problem.notFound('Channel');
    const { enabled, allowedOrigins, prechatFields, businessAccountId } = input.changes;
    if ((allowedOrigins || prechatFields) && current.type !== 'webchat') {
      throw Problem.field(allowedOrigins ? 'allowedOrigins' : 'prechatFields', 'applies to web chat channels only');
    }
    if (businessAccountId !== undefined && current.type !== 'whatsapp') throw Problem.field('businessAccountId', 'applies to WhatsApp channels only');
    const settings: Record<string, unknown> = {
      ...current.settings,
      ...(allowedOrigins ? { allowedOrigins: allowedOrigins.map((o) => new URL(o).origin) } : {}),
      ...(prechatFields ? { prechatFields } : {}),
      ...(businessAccountId ? { businessAccountId } : {}),
    };
    if (businessAccountId === null) delete settings.businessAccountId;
    const row = await tx
      .updateTable('channels')
      .set({ ...(enabled !== undefined ? { enabled } : {}), settings: JSON.stringify(settings) })
      .where('org_id', '=', input.orgId)
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const action = enabled === undefined || enabled === current.enabled ? 'channel.updated' : enabled ? 'channel.enabled' : 'channel.disabled';
    await recordAuditEntry(tx, {
      orgId: input.orgId,
      actor: input.actor,
      action,
      target: { type: 'channel', id: row.id },
      ip: input.ip,
      metadata: { fields: Object.keys(input.changes) },
    });
    return toChannelView(row);
  });
}
