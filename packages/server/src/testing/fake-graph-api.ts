import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A stand-in for Meta's Graph API messages endpoint, for tests only (Meta cannot be reached from
 * here). It is strict: a request that does not have the documented shape gets the 400 Graph
 * would give, so a test passes only when Sigilo sends what Meta accepts.
 *
 * Shape checked (POST /{version?}/{phone-number-id}/messages, Bearer token, JSON):
 * messaging_product 'whatsapp'; either a send (`to` digits, `type`, and the object named by
 * `type`) or a mark-as-read (`status: 'read'`, `message_id`).
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
  /** Answer the next `count` requests with this status (500 by default) and a Graph error. */
  failNext(count: number, status?: number, error?: { message?: string; code?: number }): void;
  /** Tokens accepted per phone number id; others get 401 (code 190, like an expired token). */
  setAccessToken(phoneNumberId: string, token: string): void;
  close(): Promise<void>;
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
    case 'template':
      if (typeof object.name !== 'string' || !object.name) return '(#100) The parameter template[name] is required.';
      if (typeof object.language?.code !== 'string') return '(#100) The parameter template[language][code] is required.';
      return null;
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

export async function startFakeGraphApi(options: { accessTokens?: Record<string, string> } = {}): Promise<FakeGraphApi> {
  const requests: RecordedGraphRequest[] = [];
  const tokens = new Map(Object.entries(options.accessTokens ?? {}));
  const failures: Array<{ status: number; error?: { message?: string; code?: number } }> = [];
  let seq = 0;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const match = /^\/(?:v\d+\.\d+\/)?(\d+)\/messages$/.exec(path);
      let body: any = null;
      let parseError = false;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        parseError = true;
      }
      const answer = (status: number, payload: unknown) => {
        requests.push({ method: req.method ?? '', path, phoneNumberId: match?.[1] ?? null, authorization: req.headers.authorization, contentType: req.headers['content-type'], body, status });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      };

      if (req.method !== 'POST') return answer(400, graphError(`Unsupported ${req.method} request.`, 100, 'GraphMethodException'));
      if (!match) return answer(400, graphError('Unknown path components', 2500));
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      const expected = tokens.get(match[1]!);
      if (!bearer || (expected !== undefined && bearer !== expected)) return answer(401, graphError('Invalid OAuth access token - Cannot parse access token', 190));
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return answer(400, graphError('(#100) Content-Type must be application/json'));
      if (parseError) return answer(400, graphError('(#100) The request body is not valid JSON'));
      const failure = failures.shift();
      if (failure) {
        return answer(failure.status, graphError(failure.error?.message ?? (failure.status >= 500 ? 'An unexpected error has occurred. Please retry your request later.' : 'Failed'), failure.error?.code ?? (failure.status >= 500 ? 2 : 100)));
      }
      const problem = checkGraphMessageShape(body);
      if (problem) return answer(400, graphError(problem));
      if (body.status === 'read') return answer(200, { success: true });
      const id = `wamid.FAKE${String(++seq).padStart(6, '0')}${randomBytes(6).toString('hex')}`;
      return answer(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to.replace(/^\+/, '') }], messages: [{ id }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v21.0`,
    requests,
    failNext(count, status = 500, error) {
      for (let i = 0; i < count; i++) failures.push({ status, ...(error ? { error } : {}) });
    },
    setAccessToken(phoneNumberId, token) {
      tokens.set(phoneNumberId, token);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
