import ipaddr from 'ipaddr.js';
import type { AppContext } from '../../platform/context.js';
import { sql, type Tx } from '../../platform/db/database.js';
import type { AnomalyKind, Severity } from '../../platform/db/schema.js';
import { ensureMonitoringSettings, type AnomalySettings } from './monitoring-settings.js';
import { raiseAlerts, type NewAlert } from './raise-alerts.js';

/** Audit actions that open an original (a reveal). */
export const REVEAL_ACTIONS = ['message.revealed', 'identity.revealed', 'attachment.revealed', 'consent.evidence_revealed', 'data_subject_request.details_revealed'];
/** Audit actions that take data out: any `*.exported` entry (audit CSV, data-subject exports…). */
export const isExportAction = (action: string) => /(^|\.)exported?$/.test(action);
const BATCH = 5000;

/** The network a sign-in came from: IPv4 /24 or IPv6 /48 (an address changes, its network rarely). */
export function networkOf(ip: string): string | null {
  try {
    let addr = ipaddr.parse(ip);
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) addr = (addr as ipaddr.IPv6).toIPv4Address();
    if (addr.kind() === 'ipv4') return `${ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/24`).toString()}/24`;
    return `${ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/48`).toString()}/48`;
  } catch {
    return null;
  }
}

/** Building a formatter costs far more than using one: one per time zone. */
const formats = new Map<string, Intl.DateTimeFormat>();

/** Whether `at` falls outside the organisation's working hours (in its time zone). */
export function isOutsideWorkingHours(at: Date, hours: NonNullable<AnomalySettings['workingHours']>): boolean {
  let format = formats.get(hours.timeZone);
  if (!format) formats.set(hours.timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = format.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  const minutes = Number(get('hour')) * 60 + Number(get('minute'));
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  if (!hours.days.includes(day)) return true;
  return minutes < toMinutes(hours.start) || minutes >= toMinutes(hours.end);
}

interface Entry {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_type: string;
  action: string;
  ip: string | null;
  metadata: Record<string, unknown>;
}

/**
 * Reads the organisation's audit entries written since the last scan and raises access-anomaly
 * alerts: a user revealing or exporting more than the configured rate, reveals and exports outside
 * working hours, a sign-in from a network never seen for that user, an export of more rows than
 * the bulk threshold. Runs on worker nodes every few seconds (see index.ts); the settings row is
 * locked with SKIP LOCKED so two workers never scan the same organisation at once, and the cursor
 * moves in the same transaction as the alerts it produced.
 */
export async function detectAccessAnomalies(ctx: AppContext, orgId: string): Promise<{ scanned: number; alerts: number }> {
  return ctx.database.withTenant(orgId, async (tx) => {
    const settings = await ensureMonitoringSettings(tx, orgId);
    const locked = await tx.selectFrom('monitoring_settings').select('audit_cursor').where('org_id', '=', orgId).forUpdate().skipLocked().executeTakeFirst();
    if (!locked) return { scanned: 0, alerts: 0 };
    const a = settings.anomalies;
    const entries = (await tx
      .selectFrom('audit_log')
      .select(['seq', 'at', 'actor_id', 'actor_type', 'action', 'ip', 'metadata'])
      .where('org_id', '=', orgId)
      .where('seq', '>', Number(locked.audit_cursor))
      .orderBy('seq')
      .limit(BATCH)
      .execute()) as Entry[];
    if (!entries.length) return { scanned: 0, alerts: 0 };

    const alerts: NewAlert[] = [];
    const raise = (anomaly: AnomalyKind, severity: Severity, userId: string, label: string, details: Record<string, unknown>, at: Date) =>
      alerts.push({ kind: 'anomaly', ruleId: null, ruleName: label, anomaly, severity, agentId: userId, matched: [], details, createdAt: at });

    // Per user: the latest reveal and export of this scan, for the rate checks below.
    const latestReveal = new Map<string, Date>();
    const latestExport = new Map<string, Date>();
    const offHours = new Set<string>();
    const networks = new KnownNetworks(tx, orgId);
    await networks.load(entries.filter((e) => e.action === 'login.succeeded' && e.actor_id).map((e) => e.actor_id!));
    for (const e of entries) {
      if (!e.actor_id || e.actor_type !== 'user') continue;
      const reveal = REVEAL_ACTIONS.includes(e.action);
      const exported = isExportAction(e.action);
      if (reveal) latestReveal.set(e.actor_id, e.at);
      if (exported) {
        latestExport.set(e.actor_id, e.at);
        const rows = Number((e.metadata as { rows?: unknown; count?: unknown }).rows ?? (e.metadata as { count?: unknown }).count ?? 0);
        if (rows >= a.bulkExportRows) raise('bulk_export', 'high', e.actor_id, 'Bulk export', { action: e.action, rows, seq: e.seq }, e.at);
      }
      if ((reveal || exported) && a.workingHours && isOutsideWorkingHours(e.at, a.workingHours) && !offHours.has(e.actor_id)) {
        offHours.add(e.actor_id);
        raise('off_hours', 'medium', e.actor_id, 'Access outside working hours', { action: e.action, seq: e.seq }, e.at);
      }
      if (e.action === 'login.succeeded' && a.newNetwork && e.ip) {
        const network = networkOf(e.ip);
        if (network && networks.see(e.actor_id, network, e.at)) {
          raise('new_network', 'medium', e.actor_id, 'Sign-in from a new network', { network, seq: e.seq }, e.at);
        }
      }
    }
    await rateAlerts(tx, orgId, latestReveal, REVEAL_ACTIONS, a.revealLimit, a.revealWindowMinutes, 'reveal_rate', 'Reveal rate above limit', raise);
    await rateAlerts(tx, orgId, latestExport, null, a.exportLimit, a.exportWindowMinutes, 'export_rate', 'Export rate above limit', raise);

    await networks.save();
    await raiseAlerts(ctx, tx, orgId, settings, alerts);
    await tx.updateTable('monitoring_settings').set({ audit_cursor: entries[entries.length - 1]!.seq }).where('org_id', '=', orgId).execute();
    return { scanned: entries.length, alerts: alerts.length };
  });
}

/** The networks each user signed in from, read once per scan and written back in one statement. */
class KnownNetworks {
  private readonly known = new Map<string, Set<string>>();
  private readonly seen = new Map<string, { userId: string; network: string; at: Date }>();
  constructor(private readonly tx: Tx, private readonly orgId: string) {}

  async load(userIds: string[]): Promise<void> {
    const ids = [...new Set(userIds)];
    if (!ids.length) return;
    const rows = await this.tx.selectFrom('known_networks').select(['user_id', 'network']).where('org_id', '=', this.orgId).where('user_id', 'in', ids).execute();
    for (const r of rows) (this.known.get(r.user_id) ?? this.known.set(r.user_id, new Set()).get(r.user_id)!).add(r.network);
  }

  /** True the first time a user signs in from a network, except their very first sign-in. */
  see(userId: string, network: string, at: Date): boolean {
    const set = this.known.get(userId) ?? this.known.set(userId, new Set()).get(userId)!;
    const isNew = set.size > 0 && !set.has(network);
    set.add(network);
    this.seen.set(`${userId}|${network}`, { userId, network, at });
    return isNew;
  }

  async save(): Promise<void> {
    if (!this.seen.size) return;
    await this.tx
      .insertInto('known_networks')
      .values([...this.seen.values()].map((s) => ({ org_id: this.orgId, user_id: s.userId, network: s.network, first_seen_at: s.at, last_seen_at: s.at })))
      .onConflict((oc) => oc.columns(['org_id', 'user_id', 'network']).doUpdateSet((eb) => ({ last_seen_at: eb.ref('excluded.last_seen_at') })))
      .execute();
  }
}

/**
 * One alert per user whose count in the window ending at their latest access passes the limit,
 * unless one was raised within that window: one grouped count and one look-up for every user of
 * the scan together.
 */
async function rateAlerts(
  tx: Tx,
  orgId: string,
  latest: Map<string, Date>,
  actions: string[] | null,
  limit: number,
  windowMinutes: number,
  anomaly: AnomalyKind,
  label: string,
  raise: (anomaly: AnomalyKind, severity: Severity, userId: string, label: string, details: Record<string, unknown>, at: Date) => void,
): Promise<void> {
  if (!latest.size) return;
  const users = [...latest.keys()];
  const ats = users.map((u) => latest.get(u)!.toISOString());
  const windowMs = windowMinutes * 60_000;
  const matches = actions ? sql`a.action = ANY(${actions}::text[])` : sql`a.action ~ '(^|\.)exported?$'`;
  const counts = await sql<{ user_id: string; n: string; recent: boolean }>`
    SELECT v.user_id, count(a.seq) AS n,
      EXISTS (SELECT 1 FROM alerts r WHERE r.org_id = ${orgId} AND r.anomaly = ${anomaly} AND r.agent_id = v.user_id::uuid
              AND r.created_at > v.at - make_interval(secs => ${windowMs / 1000})) AS recent
    FROM unnest(${users}::text[], ${ats}::timestamptz[]) AS v(user_id, at)
    LEFT JOIN audit_log a ON a.org_id = ${orgId} AND a.actor_id = v.user_id AND a.at > v.at - make_interval(secs => ${windowMs / 1000}) AND a.at <= v.at AND ${matches}
    GROUP BY v.user_id, v.at`.execute(tx);
  for (const row of counts.rows) {
    const n = Number(row.n);
    if (n > limit && !row.recent) raise(anomaly, 'high', row.user_id, label, { count: n, limit, windowMinutes }, latest.get(row.user_id)!);
  }
}
