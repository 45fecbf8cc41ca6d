import { sql } from 'kysely';
import type { AppContext } from '../../../platform/context.js';
import { openForOrganization } from '../channel-secrets.js';
import type { WhatsAppSecrets } from '../manage-channels.js';

export interface WhatsAppChannelRoute {
  orgId: string;
  channelId: string;
  appSecret: string;
}

interface Cached {
  value: WhatsAppChannelRoute | null;
  expires: number;
}

/**
 * Webhook deliveries arrive in bursts for the same few numbers: the route and app secret are
 * kept in memory briefly, so acknowledging a delivery costs one INSERT (the job), not three
 * queries and a decryption. Disabling a channel or rotating its secret takes effect within the TTL.
 */
const CACHE_TTL_MS = 5_000;
const caches = new WeakMap<AppContext, Map<string, Cached>>();

/** The enabled WhatsApp channel that owns `phoneNumberId`, with its app secret; null when none. */
export async function findWhatsAppChannel(ctx: AppContext, phoneNumberId: string): Promise<WhatsAppChannelRoute | null> {
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(phoneNumberId);
  if (hit && hit.expires > now) return hit.value;

  const row = await ctx.database.withSystem((tx) =>
    tx
      .selectFrom('channels')
      .select(['org_id', 'id', 'enabled', 'secrets_sealed'])
      .where('type', '=', 'whatsapp')
      .where('public_key', '=', phoneNumberId)
      .executeTakeFirst(),
  );
  let value: WhatsAppChannelRoute | null = null;
  if (row && row.enabled && row.secrets_sealed) {
    const secrets = openForOrganization<WhatsAppSecrets>(ctx.kms, row.org_id, `channels:${row.id}`, row.secrets_sealed);
    value = { orgId: row.org_id, channelId: row.id, appSecret: secrets.appSecret };
  }
  if (cache.size > 10_000) cache.clear(); // unknown ids from a flood must not grow memory without bound
  cache.set(phoneNumberId, { value, expires: now + CACHE_TTL_MS });
  return value;
}

const accountCaches = new WeakMap<AppContext, Map<string, { value: WhatsAppChannelRoute[]; expires: number }>>();

/**
 * The enabled WhatsApp channels whose WhatsApp Business Account is `wabaId` (channel setting
 * businessAccountId), with their app secrets: template webhooks name the account, and every
 * number of it (one channel each, possibly in several organisations) shares its templates.
 */
export async function findWhatsAppChannelsByAccount(ctx: AppContext, wabaId: string): Promise<WhatsAppChannelRoute[]> {
  let cache = accountCaches.get(ctx);
  if (!cache) accountCaches.set(ctx, (cache = new Map()));
  const now = Date.now();
  const hit = cache.get(wabaId);
  if (hit && hit.expires > now) return hit.value;
  const rows = await ctx.database.withSystem((tx) =>
    tx
      .selectFrom('channels')
      .select(['org_id', 'id', 'secrets_sealed'])
      .where('type', '=', 'whatsapp')
      .where('enabled', '=', true)
      .where(sql<string>`settings->>'businessAccountId'`, '=', wabaId)
      .execute(),
  );
  const value: WhatsAppChannelRoute[] = [];
  for (const r of rows) {
    if (!r.secrets_sealed) continue;
    try {
      value.push({ orgId: r.org_id, channelId: r.id, appSecret: openForOrganization<WhatsAppSecrets>(ctx.kms, r.org_id, `channels:${r.id}`, r.secrets_sealed).appSecret });
    } catch {
      ctx.logger.warn({ orgId: r.org_id, channelId: r.id }, 'whatsapp channel secrets cannot be opened with this master key');
    }
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(wabaId, { value, expires: now + CACHE_TTL_MS });
  return value;
}

/** Verify tokens of every enabled WhatsApp channel, for Meta's subscription handshake (rare). */
export async function listWhatsAppVerifyTokens(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.database.withSystem((tx) =>
    tx.selectFrom('channels').select(['org_id', 'id', 'secrets_sealed']).where('type', '=', 'whatsapp').where('enabled', '=', true).execute(),
  );
  const tokens: string[] = [];
  for (const r of rows) {
    if (!r.secrets_sealed) continue;
    try {
      tokens.push(openForOrganization<WhatsAppSecrets>(ctx.kms, r.org_id, `channels:${r.id}`, r.secrets_sealed).verifyToken);
    } catch {
      // Sealed under another master key (a restored backup, a wrong key on one node): that channel
      // cannot verify, the others still can.
      ctx.logger.warn({ orgId: r.org_id, channelId: r.id }, 'whatsapp channel secrets cannot be opened with this master key');
    }
  }
  return tokens;
}
