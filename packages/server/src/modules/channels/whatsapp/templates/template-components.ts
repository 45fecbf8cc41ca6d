import { Problem } from '../../../../platform/http/problem.js';

/**
 * The parts of a template besides its body that a send may have to fill: a header (text with at
 * most one {{1}}, or a media asset chosen at sending time) and buttons (a URL with a {{1}} suffix,
 * a quick reply whose payload the business sets). Shapes follow Meta's template components; the
 * stored copy keeps only what sending needs.
 */
export const HEADER_FORMATS = ['TEXT', 'IMAGE', 'DOCUMENT', 'VIDEO', 'LOCATION'] as const;
export type HeaderFormat = (typeof HEADER_FORMATS)[number];
/** Button types an admin may register; synced templates keep whatever type Meta lists. */
export const BUTTON_TYPES = ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'] as const;
export const MAX_BUTTONS = 10;
export const MAX_HEADER_TEXT = 60;

export interface TemplateHeader {
  format: HeaderFormat;
  text?: string;
  /** {{n}} placeholders of a TEXT header (Meta allows one). */
  paramCount: number;
}
export interface TemplateButton {
  type: string;
  text: string;
  url?: string;
  /** {{n}} placeholders of a URL button's address (Meta allows one, at its end). */
  paramCount: number;
}
export interface TemplateComponents {
  header?: TemplateHeader;
  buttons?: TemplateButton[];
}

const placeholders = (text: string) => new Set([...text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => m[1])).size;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The header and buttons of a template as Meta's message_templates edge lists it (untrusted input). */
export function componentsFromMeta(components: unknown): TemplateComponents {
  const out: TemplateComponents = {};
  for (const c of Array.isArray(components) ? components : []) {
    if (!isObject(c)) continue;
    const type = String(c.type).toUpperCase();
    if (type === 'HEADER') {
      const format = String(c.format ?? 'TEXT').toUpperCase();
      if (!(HEADER_FORMATS as readonly string[]).includes(format)) continue;
      const text = format === 'TEXT' ? str(c.text)?.slice(0, 200) : undefined;
      out.header = { format: format as HeaderFormat, ...(text ? { text } : {}), paramCount: text ? placeholders(text) : 0 };
    } else if (type === 'BUTTONS' && Array.isArray(c.buttons)) {
      out.buttons = c.buttons.filter(isObject).slice(0, MAX_BUTTONS).map((b) => {
        const url = str(b.url)?.slice(0, 2000);
        return { type: String(b.type ?? '').toUpperCase().slice(0, 40), text: (str(b.text) ?? '').slice(0, 40), ...(url ? { url } : {}), paramCount: url ? placeholders(url) : 0 };
      });
    }
  }
  return out;
}

/** What an admin registers by hand, checked field by field. */
export interface ComponentsInput {
  header?: { format: HeaderFormat; text?: string | undefined } | null | undefined;
  buttons?: Array<{ type: (typeof BUTTON_TYPES)[number]; text: string; url?: string | undefined }> | undefined;
}

export function checkComponentsInput(input: ComponentsInput): TemplateComponents {
  const out: TemplateComponents = {};
  if (input.header) {
    const { format, text } = input.header;
    if (format === 'TEXT') {
      if (!text?.trim()) throw Problem.field('header.text', 'is required for a TEXT header');
      if (text.length > MAX_HEADER_TEXT) throw Problem.field('header.text', `must be at most ${MAX_HEADER_TEXT} characters`);
      const n = [...text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => m[1]);
      if (n.length > 1 || (n.length === 1 && n[0] !== '1')) throw Problem.field('header.text', 'a header has at most one placeholder, {{1}}');
      out.header = { format, text, paramCount: n.length };
    } else {
      if (text) throw Problem.field('header.text', `a ${format} header has no text`);
      out.header = { format, paramCount: 0 };
    }
  }
  if (input.buttons?.length) {
    out.buttons = input.buttons.map((b, i) => {
      if (b.type === 'URL') {
        if (!b.url || !/^https:\/\/\S+$/.test(b.url)) throw Problem.field(`buttons.${i}.url`, 'a URL button needs an https address');
        const n = [...b.url.matchAll(/\{\{\s*(\d+)\s*\}\}/g)];
        if (n.length > 1 || (n.length === 1 && (n[0]![1] !== '1' || !/\{\{\s*1\s*\}\}$/.test(b.url)))) throw Problem.field(`buttons.${i}.url`, 'a URL button has at most one placeholder, {{1}}, at its end');
        return { type: b.type, text: b.text, url: b.url, paramCount: n.length };
      }
      if (b.url) throw Problem.field(`buttons.${i}.url`, 'only URL buttons have an address');
      return { type: b.type, text: b.text, paramCount: 0 };
    });
  }
  return out;
}

/** The stored jsonb, read back defensively (rows written before header and buttons were kept hold `{}`). */
export function storedComponents(value: unknown): TemplateComponents {
  if (!isObject(value)) return {};
  const out: TemplateComponents = {};
  if (isObject(value.header) && (HEADER_FORMATS as readonly string[]).includes(String(value.header.format))) out.header = value.header as unknown as TemplateHeader;
  if (Array.isArray(value.buttons)) out.buttons = value.buttons.filter(isObject) as unknown as TemplateButton[];
  return out;
}

/** What an agent gives when sending. */
export type HeaderParameterInput =
  | { type: 'text'; text: string }
  | { type: 'image' | 'video' | 'document'; link?: string | undefined; id?: string | undefined; filename?: string | undefined };
export interface ButtonParameterInput {
  index: number;
  subType: 'quick_reply' | 'url';
  payload?: string | undefined;
  text?: string | undefined;
}

/** The parameters of one send, sealed with the contact's key until the delivery job opens them. */
export interface TemplateParameters {
  body: string[];
  header?: HeaderParameterInput;
  buttons?: ButtonParameterInput[];
}

/** Meta refuses text parameters with new lines, tabs or more than four consecutive spaces (132018). */
function checkText(field: string, text: string, max = 1024): void {
  if (!text.trim()) throw Problem.field(field, 'is required');
  if (text.length > max) throw Problem.field(field, `must be at most ${max} characters`);
  if (/[\n\r\t]| {5,}/.test(text)) throw Problem.field(field, 'may not contain line breaks, tabs or more than four spaces in a row');
}

/**
 * Checks a send's header and button parameters against the stored template: a header with a
 * placeholder or a media format needs one parameter of its kind; a URL button with a {{1}} needs
 * its suffix; a quick reply may carry a payload. Anything else is a field-level 400.
 */
export function checkSendParameters(spec: TemplateComponents, header: HeaderParameterInput | undefined, buttons: ButtonParameterInput[] | undefined): Pick<TemplateParameters, 'header' | 'buttons'> {
  const out: Pick<TemplateParameters, 'header' | 'buttons'> = {};
  const h = spec.header;
  const needsHeader = !!h && (h.format === 'TEXT' ? h.paramCount > 0 : true);
  if (h?.format === 'LOCATION') throw Problem.field('header', 'templates with a location header cannot be sent from Sigilo');
  if (!needsHeader && header) throw Problem.field('header', h ? "this template's header takes no parameter" : 'this template has no header');
  if (needsHeader && !header) throw Problem.field('header', h!.format === 'TEXT' ? "is required: this template's header has a {{1}} placeholder" : `is required: this template's header is a ${h!.format.toLowerCase()}`);
  if (h && header) {
    if (header.type !== h.format.toLowerCase()) throw Problem.field('header.type', `must be ${h.format.toLowerCase()}, the format of this template's header`);
    if (header.type === 'text') {
      checkText('header.text', header.text, MAX_HEADER_TEXT);
      out.header = { type: 'text', text: header.text };
    } else {
      if (!!header.link === !!header.id) throw Problem.field('header.link', 'give either a link (https) or a WhatsApp media id');
      if (header.link && !/^https:\/\/[^\s]+$/.test(header.link)) throw Problem.field('header.link', 'must be an https URL');
      if (header.id && !/^\d{1,32}$/.test(header.id)) throw Problem.field('header.id', 'must be a WhatsApp media id (digits)');
      if (header.filename !== undefined && header.type !== 'document') throw Problem.field('header.filename', 'only a document header has a file name');
      out.header = { type: header.type, ...(header.link ? { link: header.link } : { id: header.id! }), ...(header.filename ? { filename: header.filename } : {}) };
    }
  }

  const templateButtons = spec.buttons ?? [];
  const given = new Map<number, ButtonParameterInput>();
  (buttons ?? []).forEach((b, i) => {
    const button = templateButtons[b.index];
    if (!button) throw Problem.field(`buttons.${i}.index`, templateButtons.length ? `must be between 0 and ${templateButtons.length - 1}: this template has ${templateButtons.length} button(s)` : 'this template has no buttons');
    if (given.has(b.index)) throw Problem.field(`buttons.${i}.index`, 'is given twice');
    const expected = button.type === 'QUICK_REPLY' ? 'quick_reply' : button.type === 'URL' ? 'url' : null;
    if (b.subType !== expected) throw Problem.field(`buttons.${i}.subType`, expected ? `must be ${expected} for button ${b.index} (${button.type})` : `button ${b.index} (${button.type}) takes no parameter`);
    if (b.subType === 'url') {
      if (!button.paramCount) throw Problem.field(`buttons.${i}.text`, `button ${b.index} has a fixed address and takes no parameter`);
      if (b.payload !== undefined) throw Problem.field(`buttons.${i}.payload`, 'a URL button takes a text suffix, not a payload');
      checkText(`buttons.${i}.text`, b.text ?? '', 2000);
    } else {
      if (b.text !== undefined) throw Problem.field(`buttons.${i}.text`, 'a quick reply button takes a payload, not a text');
      checkText(`buttons.${i}.payload`, b.payload ?? '', 256);
    }
    given.set(b.index, b);
  });
  templateButtons.forEach((b, index) => {
    if (b.type === 'URL' && b.paramCount > 0 && !given.has(index)) throw Problem.field('buttons', `button ${index} ("${b.text}") needs the suffix of its address (subType url, index ${index})`);
    if (b.type !== 'URL' && b.type !== 'QUICK_REPLY' && b.type !== 'PHONE_NUMBER' && b.type !== 'COPY_CODE' && b.paramCount > 0) {
      throw Problem.field('templateId', `has a ${b.type} button that Sigilo cannot fill`);
    }
  });
  if (given.size) out.buttons = [...given.values()].sort((a, b) => a.index - b.index).map((b) => ({ index: b.index, subType: b.subType, ...(b.subType === 'url' ? { text: b.text! } : { payload: b.payload! }) }));
  return out;
}

/** The stored, masked text of a template message: its header text (filled) above its body. */
export function templateText(spec: TemplateComponents, filledBody: string, header: HeaderParameterInput | undefined): string {
  const h = spec.header;
  if (h?.format !== 'TEXT' || !h.text) return filledBody;
  const headerText = h.text.replace(/\{\{\s*1\s*\}\}/g, header?.type === 'text' ? header.text : '{{1}}');
  return `${headerText}\n${filledBody}`;
}

/** The `components` of Meta's send request for these parameters (documented shape). */
export function graphComponents(parameters: TemplateParameters): Array<Record<string, unknown>> {
  const components: Array<Record<string, unknown>> = [];
  const h = parameters.header;
  if (h) {
    if (h.type === 'text') components.push({ type: 'header', parameters: [{ type: 'text', text: h.text }] });
    else components.push({ type: 'header', parameters: [{ type: h.type, [h.type]: { ...(h.link ? { link: h.link } : { id: h.id }), ...(h.type === 'document' && h.filename ? { filename: h.filename } : {}) } }] });
  }
  if (parameters.body.length) components.push({ type: 'body', parameters: parameters.body.map((text) => ({ type: 'text', text })) });
  for (const b of parameters.buttons ?? []) {
    components.push({
      type: 'button',
      sub_type: b.subType,
      index: String(b.index),
      parameters: [b.subType === 'url' ? { type: 'text', text: b.text } : { type: 'payload', payload: b.payload }],
    });
  }
  return components;
}
