import type { Tx } from '../../platform/db/database.js';

/** Sets a contact's display name (a correction the subject asked for and an agent approved). */
export async function renameContact(tx: Tx, input: { orgId: string; contactId: string; displayName: string }): Promise<void> {
  await tx.updateTable('contacts').set({ display_name: input.displayName, updated_at: new Date() }).where('org_id', '=', input.orgId).where('id', '=', input.contactId).execute();
}
