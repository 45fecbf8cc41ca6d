import type { Tx } from '../../platform/db/database.js';
import { toAlertView, type AlertView } from './alert-view.js';

export interface AlertFilter {
  status?: 'open' | 'acknowledged' | 'resolved' | 'unresolved';
  severity?: 'low' | 'medium' | 'high' | 'critical';
  kind?: 'rule' | 'anomaly';
  assignee?: string;
  before?: Date;
  limit: number;
}

/** The alert queue, newest first. */
export async function listAlerts(tx: Tx, orgId: string, filter: AlertFilter): Promise<AlertView[]> {
  let q = tx.selectFrom('alerts').selectAll().where('org_id', '=', orgId);
  if (filter.status === 'unresolved') q = q.where('status', '!=', 'resolved');
  else if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.severity) q = q.where('severity', '=', filter.severity);
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.assignee) q = q.where('assignee_id', '=', filter.assignee);
  if (filter.before) q = q.where('created_at', '<', filter.before);
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(filter.limit).execute();
  return rows.map(toAlertView);
}
