import type { Tx } from '../../platform/db/database.js';
import { Problem } from '../../platform/http/problem.js';
import type { RequestRow } from './request-view.js';

/** The request, locked for the caller's transaction (steps of one request never interleave). */
export async function loadRequestForUpdate(tx: Tx, orgId: string, id: string): Promise<RequestRow> {
  const row = await tx.selectFrom('data_subject_requests').selectAll().where('org_id', '=', orgId).where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw Problem.notFound('Data-subject request');
  return row;
}

export function assertOpen(request: RequestRow): void {
  if (request.status === 'completed' || request.status === 'rejected') {
    throw Problem.conflict(`Request #${request.ref} is already ${request.status}.`, 'request-closed');
  }
}
