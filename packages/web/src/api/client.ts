// HTTP client for the v1 API (docs/api.md): JSON in and out, session cookie, CSRF header on writes,
// problem+json errors turned into ApiError so forms can show field-level messages.

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: FieldError[];
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, problem: Problem, retryAfterHeader: string | null) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
    const fromBody = typeof problem.retryAfterSeconds === 'number' ? problem.retryAfterSeconds : undefined;
    const fromHeader = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : undefined;
    this.retryAfterSeconds = fromBody ?? fromHeader;
  }

  /** The last segment of `type` (e.g. `mfa-required`, `ip-not-allowed`). */
  get kind(): string {
    const type = this.problem.type ?? '';
    return type.split(/[/#:]/).filter(Boolean).pop() ?? '';
  }

  /** Field errors keyed by form field name (`body.email`, `/email` and `email` all become `email`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) {
      const key = fieldName(e.field);
      if (key && !(key in out)) out[key] = e.message;
    }
    return out;
  }
}

function fieldName(field: string | undefined): string {
  if (!field) return '';
  const parts = field.split(/[./]/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrfToken: string | null = null;
let csrfPending: Promise<string> | null = null;

/** The CSRF token may be bound to the session; forget it whenever the session changes. */
export function forgetCsrfToken(): void {
  csrfToken = null;
  csrfPending = null;
}

async function getCsrfToken(): Promise<string> {
  if (csrfToken) return csrfToken;
  if (!csrfPending) {
    csrfPending = (async () => {
      const res = await fetch('/api/v1/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) throw await toApiError(res);
      const body = (await res.json()) as { csrfToken: string };
      csrfToken = body.csrfToken;
      return body.csrfToken;
    })().finally(() => {
      csrfPending = null;
    });
  }
  return csrfPending;
}

async function toApiError(res: Response): Promise<ApiError> {
  let problem: Problem = { status: res.status, title: res.statusText };
  const text = await res.text().catch(() => '');
  if (text) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') problem = { ...problem, ...(parsed as Problem) };
    } catch {
      problem.detail = text.slice(0, 300);
    }
  }
  return new ApiError(res.status, problem, res.headers.get('retry-after'));
}

function looksLikeCsrfFailure(err: ApiError): boolean {
  if (err.status !== 403) return false;
  const text = `${err.problem.type ?? ''} ${err.problem.title ?? ''} ${err.problem.detail ?? ''}`.toLowerCase();
  return text.includes('csrf');
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (WRITE_METHODS.has(method)) headers['x-csrf-token'] = await getCsrfToken();
    return fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  };

  let res = await send();
  if (!res.ok) {
    let err = await toApiError(res);
    // A stale token (session rotated at login or logout): fetch a fresh one and try once more.
    if (WRITE_METHODS.has(method) && looksLikeCsrfFailure(err)) {
      forgetCsrfToken();
      res = await send();
      if (!res.ok) err = await toApiError(res);
      else return parseBody<T>(res);
    }
    throw err;
  }
  return parseBody<T>(res);
}

/**
 * A POST whose answer is a file (a revealed attachment): the bytes and the name the server gives
 * in Content-Disposition. Errors are ApiErrors like api()'s.
 */
export async function apiDownload(path: string, body: unknown): Promise<{ blob: Blob; filename: string | null }> {
  const send = async () =>
    fetch(path, {
      method: 'POST',
      headers: { accept: '*/*', 'content-type': 'application/json', 'x-csrf-token': await getCsrfToken() },
      credentials: 'same-origin',
      body: JSON.stringify(body),
    });
  let res = await send();
  if (!res.ok) {
    const err = await toApiError(res);
    if (!looksLikeCsrfFailure(err)) throw err;
    forgetCsrfToken();
    res = await send();
    if (!res.ok) throw await toApiError(res);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="([^"]*)"/i.exec(disposition)?.[1];
  let filename: string | null = plain ?? null;
  if (utf8) {
    try {
      filename = decodeURIComponent(utf8);
    } catch {
      /* keep the ASCII fallback */
    }
  }
  return { blob: await res.blob(), filename };
}

async function parseBody<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  if (!text) return undefined as T;
  return JSON.parse(text) as T;
}

/** Build a query string, leaving out empty values. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}
