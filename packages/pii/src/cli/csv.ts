/**
 * RFC 4180 CSV reader, fed chunk by chunk: quoted fields with "" escapes, commas and line
 * breaks inside quotes, CRLF or LF rows. Emits each record as an array of fields.
 */
export class CsvReader {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  private quoteSeen = false; // just read a '"' inside quotes: either an escape or the closing quote
  private pendingCR = false;
  line = 1; // physical line where the current record started
  private physLine = 1;

  constructor(
    private readonly onRecord: (fields: string[], line: number) => void,
    private readonly delimiter = ',',
  ) {}

  write(chunk: string): void {
    const d = this.delimiter;
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (this.pendingCR) {
        this.pendingCR = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.inQuotes = false; // fall through: ch is outside quotes now
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          if (ch === '\n') this.physLine++;
          this.field += ch;
          continue;
        }
      }
      if (ch === '"' && this.field === '') {
        this.inQuotes = true;
      } else if (ch === d) {
        this.record.push(this.field);
        this.field = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') this.pendingCR = true;
        this.endRecord();
        this.physLine++;
        this.line = this.physLine;
      } else {
        this.field += ch;
      }
    }
  }

  end(): void {
    if (this.inQuotes && this.quoteSeen) this.inQuotes = false;
    if (this.field !== '' || this.record.length > 0) this.endRecord();
  }

  private endRecord(): void {
    this.record.push(this.field);
    this.field = '';
    const rec = this.record;
    this.record = [];
    if (rec.length === 1 && rec[0] === '') return; // blank line
    this.onRecord(rec, this.line);
  }
}

/** Quotes a field for CSV output when needed. */
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
