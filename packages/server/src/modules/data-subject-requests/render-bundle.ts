import type { CellValue, CollectedData } from './collect-subject-data.js';
import { KIND_LABELS, type RequestLang } from './request-kinds.js';

export interface PurposeInfo {
  key: string;
  name: string;
  legalBasis: string;
  articles: string;
  recipients: Array<{ name: string; country: string; role: string }>;
  retention: string;
}

export interface BundleContext {
  organisation: { name: string; country: string };
  request: { ref: number; kind: string; receivedAt: Date; law: string };
  generatedAt: Date;
  language: RequestLang;
  purposes: PurposeInfo[];
}

export const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function csvCell(v: CellValue | undefined): string {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // A leading = + - @ would run as a formula in a spreadsheet (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(columns: string[], rows: Array<Record<string, CellValue>>): string {
  return [columns.map(csvCell).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\r\n') + '\r\n';
}

const TABLE_TITLES: Record<RequestLang, Record<string, string>> = {
  'pt-BR': { contacts: 'Cadastro', contact_identities: 'Identificadores (e-mail, telefone, documentos)', conversations: 'Conversas', messages: 'Mensagens', attachments: 'Anexos', alerts: 'Alertas de supervisão', consent_events: 'Registro de consentimentos', incident_subjects: 'Incidentes de segurança que o afetaram', data_subject_requests: 'Suas solicitações como titular', data_subject_verifications: 'Verificações de identidade', data_subject_exports: 'Cópias dos seus dados entregues', data_subject_corrections: 'Correções pedidas', contact_processing_limits: 'Oposição e bloqueio' },
  es: { contacts: 'Ficha', contact_identities: 'Identificadores (correo, teléfono, documentos)', conversations: 'Conversaciones', messages: 'Mensajes', attachments: 'Adjuntos', alerts: 'Alertas de supervisión', consent_events: 'Registro de consentimientos', incident_subjects: 'Incidentes de seguridad que le afectaron', data_subject_requests: 'Sus solicitudes de derechos', data_subject_verifications: 'Verificaciones de identidad', data_subject_exports: 'Copias de sus datos entregadas', data_subject_corrections: 'Rectificaciones solicitadas', contact_processing_limits: 'Oposición y limitación' },
  en: { contacts: 'Profile', contact_identities: 'Identifiers (e-mail, phone, documents)', conversations: 'Conversations', messages: 'Messages', attachments: 'Attachments', alerts: 'Supervision alerts', consent_events: 'Consent record', incident_subjects: 'Security incidents that affected you', data_subject_requests: 'Your data-subject requests', data_subject_verifications: 'Identity checks', data_subject_exports: 'Copies of your data delivered', data_subject_corrections: 'Corrections requested', contact_processing_limits: 'Objection and restriction' },
};

const T = {
  'pt-BR': { title: 'Seus dados pessoais', intro: 'Relatório preparado em resposta à sua solicitação', org: 'Controlador', generated: 'Gerado em', source: 'Origem', categories: 'Categorias', retention: 'Retenção', rows: 'registros', none: 'Nenhum registro.', purposes: 'Finalidades, bases legais e destinatários', purpose: 'Finalidade', basis: 'Base legal', recipients: 'Destinatários', files: 'Este pacote contém também data.json (formato estruturado, legível por máquina) e um arquivo CSV por categoria.', keep: 'mantido por obrigação legal', del: 'eliminado a pedido', anon: 'anonimizado a pedido', noRecipients: 'nenhum' },
  es: { title: 'Sus datos personales', intro: 'Informe preparado en respuesta a su solicitud', org: 'Responsable del tratamiento', generated: 'Generado el', source: 'Origen', categories: 'Categorías', retention: 'Conservación', rows: 'registros', none: 'Ningún registro.', purposes: 'Finalidades, bases jurídicas y destinatarios', purpose: 'Finalidad', basis: 'Base jurídica', recipients: 'Destinatarios', files: 'Este paquete contiene también data.json (formato estructurado y de lectura mecánica) y un archivo CSV por categoría.', keep: 'conservado por obligación legal', del: 'suprimido a petición', anon: 'anonimizado a petición', noRecipients: 'ninguno' },
  en: { title: 'Your personal data', intro: 'Report prepared in answer to your request', org: 'Controller', generated: 'Generated on', source: 'Source', categories: 'Categories', retention: 'Retention', rows: 'records', none: 'No records.', purposes: 'Purposes, legal bases and recipients', purpose: 'Purpose', basis: 'Legal basis', recipients: 'Recipients', files: 'This bundle also holds data.json (structured, machine-readable) and one CSV file per category.', keep: 'kept under a legal obligation', del: 'deleted on request', anon: 'anonymised on request', noRecipients: 'none' },
} satisfies Record<RequestLang, Record<string, string>>;

function retentionOf(d: CollectedData['tables'][number]['declaration'], lang: RequestLang): string {
  const t = T[lang];
  if (d.erase.strategy === 'keep') return `${t.keep}: ${d.erase.legalBasis} — ${d.erase.retention}`;
  return d.erase.strategy === 'delete' ? t.del : t.anon;
}

/** The bundle's files: data.json, one CSV per table, report.html in the subject's language, attachments. */
export function renderBundle(data: CollectedData, c: BundleContext): Array<{ name: string; data: Buffer | string }> {
  const lang = c.language;
  const t = T[lang];
  const titles = TABLE_TITLES[lang];
  const json = {
    format: 'sigilo-subject-access/1',
    generatedAt: c.generatedAt.toISOString(),
    controller: c.organisation,
    request: { ref: c.request.ref, kind: c.request.kind, receivedAt: c.request.receivedAt.toISOString(), law: c.request.law },
    purposes: c.purposes,
    categories: data.tables.map((tb) => ({
      table: tb.declaration.table,
      title: titles[tb.declaration.table] ?? tb.declaration.table,
      source: tb.declaration.module,
      categories: tb.declaration.categories,
      retention: tb.declaration.erase,
      records: tb.rows,
    })),
  };
  const csvs = data.tables.map((tb) => ({
    name: `csv/${tb.declaration.table}.csv`,
    data: toCsv(tb.declaration.exportColumns.map((col) => col.replace(/_sealed$/, '')), tb.rows),
  }));
  const sections = data.tables
    .map((tb) => {
      const cols = tb.declaration.exportColumns.map((col) => col.replace(/_sealed$/, ''));
      const body = tb.rows.length
        ? `<table><thead><tr>${cols.map((col) => `<th>${esc(col)}</th>`).join('')}</tr></thead><tbody>${tb.rows
            .map((r) => `<tr>${cols.map((col) => `<td>${esc(typeof r[col] === 'object' && r[col] !== null ? JSON.stringify(r[col]) : r[col])}</td>`).join('')}</tr>`)
            .join('')}</tbody></table>`
        : `<p>${t.none}</p>`;
      return `<section><h2>${esc(titles[tb.declaration.table] ?? tb.declaration.table)} <small>(${tb.rows.length} ${t.rows})</small></h2>
<p class="meta">${t.source}: ${esc(tb.declaration.module)} · ${t.categories}: ${esc(tb.declaration.categories.join(', '))}<br>${t.retention}: ${esc(retentionOf(tb.declaration, lang))}</p>${body}</section>`;
    })
    .join('\n');
  const purposes = c.purposes.length
    ? `<table><thead><tr><th>${t.purpose}</th><th>${t.basis}</th><th>${t.recipients}</th><th>${t.retention}</th></tr></thead><tbody>${c.purposes
        .map(
          (p) =>
            `<tr><td>${esc(p.name)}</td><td>${esc(p.legalBasis)} (${esc(p.articles)})</td><td>${p.recipients.length ? p.recipients.map((r) => esc(`${r.name} (${r.role}, ${r.country})`)).join('<br>') : t.noRecipients}</td><td>${esc(p.retention)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : `<p>${t.none}</p>`;
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${t.title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}table{border-collapse:collapse;font-size:.9rem}td,th{border-bottom:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}.meta{color:#555;font-size:.9rem}</style></head>
<body><h1>${t.title}</h1><p>${t.intro} #${c.request.ref} — ${esc(KIND_LABELS[lang][c.request.kind as keyof (typeof KIND_LABELS)['en']] ?? c.request.kind)}.</p>
<p class="meta">${t.org}: ${esc(c.organisation.name)} · ${t.generated}: ${esc(c.generatedAt.toISOString())}</p><p>${t.files}</p>
<h2>${t.purposes}</h2>${purposes}
${sections}</body></html>`;
  return [{ name: 'report.html', data: html }, { name: 'data.json', data: JSON.stringify(json, null, 2) }, ...csvs, ...data.files];
}
