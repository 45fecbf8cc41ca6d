import { createHash, randomBytes, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A stand-in for Meta's Graph API messages endpoint, for tests only (Meta cannot be reached from
 * here). It is strict: a request that does not have the documented shape gets the 400 Graph
 * would give, so a test passes only when Sigilo sends what Meta accepts.
 *
 * Shape checked (POST /{version?}/{phone-number-id}/messages, Bearer token, JSON):
 * messaging_product 'whatsapp'; either a send (`to` digits, `type`, and the object named by
 * `type`) or a mark-as-read (`status: 'read'`, `message_id`). Templates: name, language.code and
 * components — header (one parameter: text, or image/video/document with a link or an id), body
 * (text parameters), button (sub_type quick_reply with a payload parameter or url with a text
 * parameter, and an index) — checked against the templates of the number's WhatsApp Business
 * Account when the test registered them (unknown → 132001, wrong parameter count → 132000, a
 * parameter of the wrong kind → 132012, not approved → 132015). Interactive buttons: body.text ≤ 1024, 1–3 reply buttons with unique ids
 * (≤ 256) and titles (≤ 20), footer.text ≤ 60.
 *
 * Media (GET /{media-id} → {messaging_product, url, mime_type, sha256 (hex), file_size, id}, then
 * GET that url) and templates (GET /{waba-id}/message_templates → {data, paging}, paged by
 * `limit`/`after`) are served with the documented shapes; every request needs the Bearer token
 * of the number (or WABA) it concerns.
 */
export interface RecordedGraphRequest {
  method: string;
  path: string;
  phoneNumberId: string | null;
  authorization: string | undefined;
  contentType: string | undefined;
  body: any;
  /** What the fake answered. */
  status: number;
}

export interface FakeGraphApi {
  /** Base URL to use as a channel's graphApiUrl (includes a version segment, like Meta's). */
  url: string;
  requests: RecordedGraphRequest[];
  /**
   * Answer the next `count` requests with this status (500 by default) and a Graph error; with `to`,
   * only the next messages to that number (so a request the server sends meanwhile is not the one refused).
   */
  failNext(count: number, status?: number, error?: { message?: string; code?: number }, to?: string): void;
  /** Tokens accepted per phone number id; others get 401 (code 190, like an expired token). */
  setAccessToken(phoneNumberId: string, token: string): void;
  /** Media a customer sent to this number; `sha256`/`fileSize` override the true values (to test checks). */
  addMedia(media: FakeMedia): { id: string; sha256: string };
  /** The media's download URL now answers 404, as Meta's do once they expire. */
  expireMedia(id: string): void;
  /** Templates of a WhatsApp Business Account, its token, and the phone numbers that belong to it. */
  setTemplates(wabaId: string, templates: FakeTemplate[], options: { accessToken: string; phoneNumberIds?: string[] }): void;
  close(): Promise<void>;
}

export interface FakeMedia {
  id?: string;
  phoneNumberId: string;
  bytes: Buffer;
  mimeType: string;
  sha256?: string;
  fileSize?: number;
}

/** A template as Meta's message_templates edge lists it. */
export interface FakeTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: Array<{ type: string; text?: string; format?: string; buttons?: Array<{ type: string; text: string; url?: string }> }>;
}

const SEND_TYPES = new Set(['text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'interactive', 'template', 'reaction']);

function graphError(message: string, code = 100, type = 'OAuthException') {
  return { error: { message, type, code, fbtrace_id: randomBytes(8).toString('base64url') } };
}

/** The first way `body` departs from the documented request shape, or null when it conforms. */
export function checkGraphMessageShape(body: any): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'body must be a JSON object';
  if (body.messaging_product !== 'whatsapp') return "(#100) The parameter messaging_product is required and must be 'whatsapp'.";
  if (body.status === 'read') return typeof body.message_id === 'string' && body.message_id ? null : '(#100) The parameter message_id is required.';
  if (typeof body.to !== 'string' || !/^\+?\d{6,15}$/.test(body.to)) return '(#100) The parameter to is required and must be a phone number.';
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return '(#100) Param recipient_type must be individual.';
  const type = body.type ?? 'text';
  if (!SEND_TYPES.has(type)) return `(#100) Param type must be one of {${[...SEND_TYPES].join(', ')}}.`;
  const object = body[type];
  if (typeof object !== 'object' || object === null) return `(#100) The parameter ${type} is required.`;
  switch (type) {
    case 'text':
      if (typeof object.body !== 'string' || object.body.length === 0) return '(#100) The parameter text[body] is required.';
      if (object.body.length > 4096) return '(#100) Param text[body] must be at most 4096 characters long.';
      if (object.preview_url !== undefined && typeof object.preview_url !== 'boolean') return '(#100) Param text[preview_url] must be a boolean.';
      return null;
    case 'template': {
      if (typeof object.name !== 'string' || !object.name) return '(#100) The parameter template[name] is required.';
      if (typeof object.language?.code !== 'string' || !object.language.code) return '(#100) The parameter template[language][code] is required.';
      if (object.components === undefined) return null;
      if (!Array.isArray(object.components)) return '(#100) Param template[components] must be an array.';
      for (const c of object.components) {
        if (typeof c !== 'object' || c === null || !['header', 'body', 'button'].includes(c.type)) return '(#100) Param template[components][type] must be one of {header, body, button}.';
        if (c.type === 'button') {
          if (!['quick_reply', 'url', 'copy_code', 'flow', 'catalog'].includes(c.sub_type)) return '(#100) Param template[components][sub_type] is required for a button and must be one of {quick_reply, url, copy_code, flow, catalog}.';
          if (!/^\d$/.test(String(c.index ?? ''))) return '(#100) Param template[components][index] is required for a button and must be 0 to 9.';
          if (!Array.isArray(c.parameters) || c.parameters.length !== 1) return '(#100) A button component takes exactly one parameter.';
          const p = c.parameters[0];
          if (c.sub_type === 'quick_reply' && (p?.type !== 'payload' || typeof p.payload !== 'string' || !p.payload)) return '(#100) A quick_reply button parameter must be {type: payload, payload}.';
          if (c.sub_type === 'url' && (p?.type !== 'text' || typeof p.text !== 'string' || !p.text)) return '(#100) A url button parameter must be {type: text, text}.';
          continue;
        }
        if (c.parameters === undefined) continue;
        if (!Array.isArray(c.parameters)) return '(#100) Param template[components][parameters] must be an array.';
        if (c.type === 'header' && c.parameters.length !== 1) return '(#100) A header component takes exactly one parameter.';
        for (const p of c.parameters) {
          if (c.type === 'header' && ['image', 'video', 'document'].includes(p?.type)) {
            const media = p[p.type];
            if (typeof media !== 'object' || media === null || (typeof media.link === 'string') === (typeof media.id === 'string')) return `(#100) Param template[components][parameters][${p.type}] must have either a link or an id.`;
            if (typeof media.link === 'string' && !/^https:\/\//.test(media.link)) return `(#100) Param template[components][parameters][${p.type}][link] must be an https URL.`;
            continue;
          }
          if (p?.type !== 'text') return '(#100) Param template[components][parameters][type] must be text (or a media type in a header) in this fake.';
          if (typeof p.text !== 'string' || p.text.length === 0) return '(#100) The parameter template[components][parameters][text] is required.';
          if (p.text.length > 1024) return '(#100) Param template[components][parameters][text] must be at most 1024 characters long.';
        }
      }
      return null;
    }
    case 'interactive': {
      if (object.type !== 'button') return null;
      if (typeof object.body?.text !== 'string' || !object.body.text) return '(#100) The parameter interactive[body][text] is required.';
      if (object.body.text.length > 1024) return '(#100) Param interactive[body][text] must be at most 1024 characters long.';
      if (object.footer !== undefined && (typeof object.footer?.text !== 'string' || !object.footer.text || object.footer.text.length > 60)) return '(#100) Param interactive[footer][text] must be 1 to 60 characters long.';
      const buttons = object.action?.buttons;
      if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return '(#100) Param interactive[action][buttons] must have 1 to 3 buttons.';
      const ids = new Set<string>();
      const titles = new Set<string>();
      for (const b of buttons) {
        if (b?.type !== 'reply') return "(#100) Param interactive[action][buttons][type] must be 'reply'.";
        const { id, title } = b.reply ?? {};
        if (typeof id !== 'string' || !id || id.length > 256) return '(#100) Param interactive[action][buttons][reply][id] must be 1 to 256 characters long.';
        if (typeof title !== 'string' || !title || title.length > 20) return '(#100) Param interactive[action][buttons][reply][title] must be 1 to 20 characters long.';
        if (ids.has(id) || titles.has(title)) return '(#131009) Button ids and titles must be unique.';
        ids.add(id);
        titles.add(title);
      }
      return null;
    }
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker':
      return typeof object.id === 'string' || typeof object.link === 'string' ? null : `(#100) Param ${type} must have an id or a link.`;
    default:
      return null;
  }
}

/** The number of {{n}} placeholders of a template's body (Meta numbers them from 1). */
const bodyParamCount = (t: FakeTemplate) => {
  const body = t.components.find((c) => c.type.toUpperCase() === 'BODY')?.text ?? '';
  return new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
};

/**
 * How the header and button parameters sent depart from the registered template: a text header
 * with {{1}} or a media header needs one parameter of its format; a URL button whose address ends
 * in {{1}} needs its text; a quick reply may carry a payload; nothing else takes parameters.
 */
function componentsMismatch(t: FakeTemplate, components: any[]): { code: number; message: string } | null {
  const header = t.components.find((c) => c.type.toUpperCase() === 'HEADER');
  const format = (header?.format ?? 'TEXT').toUpperCase();
  const headerNeeds = header ? (format === 'TEXT' ? /\{\{1\}\}/.test(header.text ?? '') : true) : false;
  const sentHeader = components.find((c) => c.type === 'header');
  if (headerNeeds !== !!sentHeader) return { code: 132000, message: 'Number of header parameters does not match the expected number of params' };
  if (sentHeader && sentHeader.parameters[0].type !== format.toLowerCase()) return { code: 132012, message: `Parameter format does not match format in the created template: header is ${format}` };
  const buttons = t.components.find((c) => c.type.toUpperCase() === 'BUTTONS')?.buttons ?? [];
  const sentButtons = components.filter((c) => c.type === 'button');
  for (const b of sentButtons) {
    const button = buttons[Number(b.index)];
    // An authentication template's OTP button is filled like a URL button, with the code.
    const expected = (button?.type === 'URL' && /\{\{1\}\}$/.test(button.url ?? '')) || button?.type === 'OTP' ? 'url' : button?.type === 'QUICK_REPLY' ? 'quick_reply' : null;
    if (!button || b.sub_type !== expected) return { code: 132012, message: `Parameter format does not match format in the created template: button ${b.index}` };
  }
  const missing = buttons.findIndex((b, i) => ((b.type === 'URL' && /\{\{1\}\}$/.test(b.url ?? '')) || b.type === 'OTP') && !sentButtons.some((s) => Number(s.index) === i));
  if (missing >= 0) return { code: 132000, message: `Number of parameters does not match the expected number of params: button ${missing}` };
  return null;
}

export async function startFakeGraphApi(options: { accessTokens?: Record<string, string> } = {}): Promise<FakeGraphApi> {
  const requests: RecordedGraphRequest[] = [];
  const tokens = new Map(Object.entries(options.accessTokens ?? {}));
  const failures: Array<{ status: number; error?: { message?: string; code?: number }; to?: string }> = [];
  /** The first failure queued for any request, or for a message to `to`. */
  const takeFailure = (to?: unknown) => {
    const i = failures.findIndex((f) => f.to === undefined || f.to === to);
    return i < 0 ? undefined : failures.splice(i, 1)[0];
  };
  const media = new Map<string, FakeMedia & { id: string; expired: boolean }>();
  const wabas = new Map<string, { templates: FakeTemplate[]; accessToken: string; phoneNumberIds: string[] }>();
  let seq = 0;
  let baseUrl = '';

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [path = '/', query = ''] = (req.url ?? '/').split('?');
      const params = new URLSearchParams(query);
      const match = /^\/(?:v\d+\.\d+\/)?(\d+)\/messages$/.exec(path);
      let body: any = null;
      let parseError = false;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        parseError = true;
      }
      const record = (status: number) =>
        requests.push({ method: req.method ?? '', path, phoneNumberId: match?.[1] ?? null, authorization: req.headers.authorization, contentType: req.headers['content-type'], body, status });
      const answer = (status: number, payload: unknown) => {
        record(status);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const refused = () => answer(401, graphError('Invalid OAuth access token - Cannot parse access token', 190));

      if (req.method === 'GET') {
        const failure = takeFailure();
        if (failure) return answer(failure.status, graphError(failure.error?.message ?? 'Failed', failure.error?.code ?? (failure.status >= 500 ? 2 : 100)));
        // The download URL of a media object (Meta's are on lookaside.fbsbx.com and need the token too).
        const download = /^\/media-download\/([^/]+)$/.exec(path);
        if (download) {
          const m = media.get(decodeURIComponent(download[1]!));
          if (!m) return answer(404, graphError('Not found', 100));
          if (!bearer || bearer !== tokens.get(m.phoneNumberId)) return refused();
          if (m.expired) return answer(404, graphError('URL signature expired', 100));
          record(200);
          res.writeHead(200, { 'content-type': m.mimeType, 'content-length': String(m.bytes.length) }).end(m.bytes);
          return;
        }
        const templatesPath = /^\/(?:v\d+\.\d+\/)?(\d+)\/message_templates$/.exec(path);
        if (templatesPath) {
          const waba = wabas.get(templatesPath[1]!);
          if (!waba) return answer(400, graphError(`Unsupported get request. Object with ID '${templatesPath[1]}' does not exist`, 100, 'GraphMethodException'));
          if (!bearer || bearer !== waba.accessToken) return refused();
          const limit = Math.max(1, Math.min(100, Number(params.get('limit') ?? 25) || 25));
          const from = Number(params.get('after') ?? 0) || 0;
          const page = waba.templates.slice(from, from + limit);
          const after = from + page.length;
          return answer(200, {
            data: page.map((t, i) => ({ id: t.id ?? String(1000 + from + i), name: t.name, language: t.language, status: t.status, category: t.category, components: t.components })),
            paging: {
              cursors: { before: String(from), after: String(after) },
              ...(after < waba.templates.length ? { next: `${baseUrl}/${templatesPath[1]}/message_templates?limit=${limit}&after=${after}` } : {}),
            },
          });
        }
        const mediaPath = /^\/(?:v\d+\.\d+\/)?([A-Za-z0-9_.-]+)$/.exec(path);
        if (mediaPath) {
          const m = media.get(mediaPath[1]!);
          if (!m) return answer(400, graphError(`Unsupported get request. Object with ID '${mediaPath[1]}' does not exist`, 100, 'GraphMethodException'));
          if (!bearer || bearer !== tokens.get(m.phoneNumberId)) return refused();
          return answer(200, {
            messaging_product: 'whatsapp',
            url: `${baseUrl.replace(/\/v\d+\.\d+$/, '')}/media-download/${encodeURIComponent(m.id)}`,
            mime_type: m.mimeType,
            sha256: m.sha256 ?? createHash('sha256').update(m.bytes).digest('hex'),
            file_size: m.fileSize ?? m.bytes.length,
            id: m.id,
          });
        }
        return answer(400, graphError('Unknown path components', 2500));
      }

      if (req.method !== 'POST') return answer(400, graphError(`Unsupported ${req.method} request.`, 100, 'GraphMethodException'));
      if (!match) return answer(400, graphError('Unknown path components', 2500));
      const expected = tokens.get(match[1]!);
      if (!bearer || (expected !== undefined && bearer !== expected)) return refused();
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return answer(400, graphError('(#100) Content-Type must be application/json'));
      if (parseError) return answer(400, graphError('(#100) The request body is not valid JSON'));
      const failure = takeFailure(body?.to);
      if (failure) {
        return answer(failure.status, graphError(failure.error?.message ?? (failure.status >= 500 ? 'An unexpected error has occurred. Please retry your request later.' : 'Failed'), failure.error?.code ?? (failure.status >= 500 ? 2 : 100)));
      }
      const problem = checkGraphMessageShape(body);
      if (problem) return answer(400, graphError(problem));
      if (body.status === 'read') return answer(200, { success: true });
      if (body.type === 'template') {
        const waba = [...wabas.values()].find((w) => w.phoneNumberIds.includes(match[1]!));
        if (waba) {
          const template = waba.templates.find((t) => t.name === body.template.name && t.language === body.template.language.code);
          if (!template) return answer(404, graphError('(#132001) Template name does not exist in the translation', 132001));
          if (template.status !== 'APPROVED') return answer(400, graphError('(#132015) Template is paused or not approved', 132015));
          const sent = (body.template.components ?? []).filter((c: any) => c.type === 'body').flatMap((c: any) => c.parameters ?? []).length;
          if (sent !== bodyParamCount(template)) return answer(400, graphError('(#132000) Number of parameters does not match the expected number of params', 132000));
          const mismatch = componentsMismatch(template, body.template.components ?? []);
          if (mismatch) return answer(400, graphError(`(#${mismatch.code}) ${mismatch.message}`, mismatch.code));
        }
      }
      const id = `wamid.FAKE${String(++seq).padStart(6, '0')}${randomBytes(6).toString('hex')}`;
      return answer(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to.replace(/^\+/, '') }], messages: [{ id }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${port}/v21.0`;
  return {
    url: baseUrl,
    requests,
    failNext(count, status = 500, error, to) {
      for (let i = 0; i < count; i++) failures.push({ status, ...(error ? { error } : {}), ...(to !== undefined ? { to } : {}) });
    },
    setAccessToken(phoneNumberId, token) {
      tokens.set(phoneNumberId, token);
    },
    addMedia(m) {
      const id = m.id ?? `${randomInt(1e7, 9e7)}${randomInt(1e7, 9e7)}`;
      media.set(id, { ...m, id, expired: false });
      return { id, sha256: createHash('sha256').update(m.bytes).digest('hex') };
    },
    expireMedia(id) {
      const m = media.get(id);
      if (m) m.expired = true;
    },
    setTemplates(wabaId, templates, o) {
      wabas.set(wabaId, { templates, accessToken: o.accessToken, phoneNumberIds: o.phoneNumberIds ?? [] });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
