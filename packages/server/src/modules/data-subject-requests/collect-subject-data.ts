import { sql, type Tx } from '../../platform/db/database.js';
import { personalDataTables, type PersonalDataDeclaration } from '../../platform/data-map/personal-data.js';
import { loadContactKeys, openForContact, ShreddedKeyError, type ContactKeyAccess } from '../contacts/contact-keys.js';

export type CellValue = string | number | boolean | null | string[] | Record<string, unknown>;

export interface CollectedTable {
  declaration: PersonalDataDeclaration;
  rows: Array<Record<string, CellValue>>;
}

export interface CollectedData {
  tables: CollectedTable[];
  /** Attachment contents, opened: file name in the bundle and bytes. */
  files: Array<{ name: string; data: Buffer }>;
  counts: Record<string, number>;
}

/** Where each sealed column of a table was sealed (the AAD), as the owning module seals it. */
function aadOf(orgId: string, table: string, column: string, rowId: string): string {
  if (table === 'attachments' && column === 'filename_sealed') return `${orgId}:attachments:${rowId}:filename`;
  return `${orgId}:${table}:${rowId}`;
}

const BINARY_COLUMNS = new Set(['attachments.content_sealed']);

/**
 * Everything the customer tables hold about the given contacts, as the data map declares it: the
 * export columns of every table whose subject is a customer, sealed columns opened with the
 * contact's data key. The caller audits this read of originals.
 */
export async function collectSubjectData(tx: Tx, keyAccess: ContactKeyAccess, orgId: string, contactIds: string[]): Promise<CollectedData> {
  const keys = await loadContactKeys(keyAccess, orgId, contactIds);

  const tables: CollectedTable[] = [];
  const files: CollectedData['files'] = [];
  const counts: Record<string, number> = {};
  for (const declaration of personalDataTables) {
    if (declaration.dataSubject !== 'customer') continue;
    const sealed = declaration.exportColumns.filter((c) => c.endsWith('_sealed'));
    const columns = [...new Set([...declaration.exportColumns, declaration.subjectColumn, ...(sealed.length ? ['id'] : [])])];
    // Identifiers come from the data map (code), never from input.
    const result = await sql<Record<string, unknown>>`SELECT ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(declaration.table)}
      WHERE org_id = ${orgId} AND ${sql.ref(declaration.subjectColumn)} = ANY(${contactIds}::uuid[])`.execute(tx);
    const rows: Array<Record<string, CellValue>> = [];
    for (const raw of result.rows) {
      const contactId = String(raw[declaration.subjectColumn]);
      const key = keys.get(contactId);
      const row: Record<string, CellValue> = {};
      for (const column of declaration.exportColumns) {
        const value = raw[column];
        if (column.endsWith('_sealed')) {
          const name = column.replace(/_sealed$/, '');
          if (!(value instanceof Uint8Array) || !key) {
            row[name] = null;
            continue;
          }
          try {
            const opened = openForContact(key, Buffer.from(value), aadOf(orgId, declaration.table, column, String(raw.id)));
            if (BINARY_COLUMNS.has(`${declaration.table}.${column}`)) {
              const fileName = `attachments/${String(raw.id)}`;
              files.push({ name: fileName, data: opened });
              row[name] = fileName;
            } else row[name] = opened.toString('utf8');
          } catch (err) {
            if (err instanceof ShreddedKeyError) row[name] = null;
            else row[name] = null; // sealed under another key or damaged: never fail the whole answer
          }
          continue;
        }
        row[column] = value instanceof Date ? value.toISOString() : value instanceof Uint8Array ? null : (value as CellValue);
      }
      rows.push(row);
    }
    counts[declaration.table] = rows.length;
    tables.push({ declaration, rows });
  }
  return { tables, files, counts };
}
