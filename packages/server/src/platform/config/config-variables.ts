import { z } from 'zod';

/**
 * Every setting Sigilo reads, declared once. Values come from the environment and are validated at
 * start-up: a wrong value stops the process with one line naming the variable.
 */
export interface ConfigVariable<T extends z.ZodType> {
  schema: T;
  description: string;
  /** Sensitive values are never printed, not even in `sigilo config`, unless `shown` says how. */
  isSensitive: boolean;
  /** How `sigilo config` shows a sensitive value without its secret part (a URL without its password). */
  shown?: (value: string) => string;
}

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

function variable<T extends z.ZodType>(schema: T, description: string, isSensitive = false, shown?: (value: string) => string): ConfigVariable<T> {
  return { schema, description, isSensitive, ...(shown ? { shown } : {}) };
}

/** A connection URL for display: the password (in the authority or the query) replaced by ***. */
export function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const p of ['password', 'sslpassword']) if (u.searchParams.has(p)) u.searchParams.set(p, '***');
    return u.toString();
  } catch {
    return '(set)';
  }
}

/** KEY_VAULT_URL when unset with DATABASE_URL: the same server, the database name suffixed `_keys`. */
export function defaultKeyVaultUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
  url.pathname = `/${encodeURIComponent(`${name}_keys`)}`;
  return url.toString();
}

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL');

export const configVariables = {
  PORT: variable(int(0, 65535).default(3000), 'TCP port of the HTTP server.'),
  HOST: variable(
    z.string().min(1).default('127.0.0.1'),
    'Address the HTTP server binds to. Use 0.0.0.0 to accept connections from other machines.',
  ),
  DATA_DIR: variable(
    z.string().min(1).default('./data'),
    'Folder for the embedded database and the generated master key (embedded mode).',
  ),
  DATABASE_URL: variable(
    postgresUrl.optional(),
    'PostgreSQL connection URL. When unset, Sigilo runs on an embedded PostgreSQL (PGlite) in DATA_DIR.',
    true,
  ),
  DATABASE_POOL_SIZE: variable(int(1, 200).default(10), 'Connections per node in the database pool.'),
  KEY_VAULT_URL: variable(
    postgresUrl.optional(),
    "PostgreSQL database of the key vault, which holds the contacts' data keys apart from the main database so that erasing a subject (deleting their key) also makes old backups of the main database unreadable for them. Default with DATABASE_URL: the same server, database name + \"_keys\" (created on first start); without DATABASE_URL: an embedded database in DATA_DIR/keys.",
    true,
    hidePassword,
  ),
  SIGILO_MASTER_KEY: variable(
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes encoded in base64 (npx sigilo keygen)')
      .optional(),
    'Master key (base64, 32 bytes) that wraps every data key. Required with DATABASE_URL; the embedded mode creates one in DATA_DIR on first start.',
    true,
  ),
  LOG_LEVEL: variable(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    'Minimum level of the JSON logs written to stdout.',
  ),
  TRUST_PROXY: variable(
    z
      .string()
      .default('false')
      .refine((v) => v !== 'true', 'trusting every hop lets any client choose its own address; give the hop count or the proxy addresses'),
    'Which reverse proxies may set X-Forwarded-For: "false", the number of proxy hops in front of Sigilo, or a comma-separated list of proxy addresses/CIDRs. Needed for the IP allowlist and rate limits behind a proxy.',
  ),
  METRICS_TOKEN: variable(
    z.string().min(16, 'must have at least 16 characters').optional(),
    'Bearer token that Prometheus sends to /metrics. When unset, /metrics answers only clients on the loopback address.',
    true,
  ),
  SIGILO_DEMO: variable(bool.default(false), 'Seed a demo organisation with agents on start (same as --demo).'),
  SIGILO_ROLE: variable(
    z.enum(['all', 'api', 'worker']).default('all'),
    'What this node runs: the HTTP API, the background worker, or both.',
  ),
  SESSION_TTL_HOURS: variable(int(1, 24 * 30).default(12), 'Lifetime of a dashboard session.'),
  LOGIN_MAX_FAILURES: variable(int(1, 100).default(5), 'Consecutive wrong passwords before an account is locked.'),
  LOGIN_LOCKOUT_MINUTES: variable(int(1, 24 * 60).default(15), 'How long a locked account stays locked.'),
  LOGIN_RATE_PER_MINUTE: variable(int(1, 10_000).default(20), 'Login attempts allowed per client address per minute.'),
  WEBHOOKS_ALLOW_PRIVATE: variable(
    bool.default(false),
    'Allow outgoing webhooks to loopback and private-network addresses (off by default, against SSRF; turn on for integrations inside your network).',
  ),
  WEBHOOK_RETRY_SECONDS: variable(int(1, 3600).default(10), 'First retry delay of a failed webhook delivery; later retries back off exponentially (8 attempts).'),
  WHATSAPP_MEDIA_MAX_BYTES: variable(
    int(1024, 100 * 1024 * 1024).default(16 * 1024 * 1024),
    'Largest WhatsApp media file (bytes) that is downloaded and stored sealed; larger files are recorded as refused with the size, not fetched. Default 16 MiB covers WhatsApp images (5 MB), audio and video (16 MB) and stickers; documents go up to 100 MB at Meta.',
  ),
  SMTP_HOST: variable(
    z.string().trim().min(1).optional(),
    'SMTP server for e-mail (monitoring alerts, incident reminders). When unset, no e-mail is sent and the DPO console says so.',
  ),
  SMTP_PORT: variable(int(1, 65535).default(587), 'Port of the SMTP server (587 with STARTTLS, 465 with SMTP_SECURE).'),
  SMTP_SECURE: variable(bool.default(false), 'Connect to the SMTP server over TLS from the start (port 465); otherwise STARTTLS is used when offered.'),
  SMTP_USER: variable(z.string().optional(), 'SMTP user name, when the server requires authentication.'),
  SMTP_PASSWORD: variable(z.string().optional(), 'SMTP password.', true),
  SMTP_FROM: variable(
    z.string().trim().min(3).default('Sigilo <sigilo@localhost>'),
    'Sender of the e-mails Sigilo sends, e.g. "Sigilo <no-reply@example.com>".',
  ),
  PUBLIC_URL: variable(
    z.url({ message: 'must be a URL such as https://sigilo.example.com' }).optional(),
    'Address where people open Sigilo, used for links in e-mails (e.g. https://sigilo.example.com).',
  ),
  WEB_DIST_DIR: variable(
    z.string().optional(),
    'Folder with the built web app; defaults to packages/web/dist of this checkout.',
  ),
} as const;

export type ConfigVariables = typeof configVariables;
export type Config = { [K in keyof ConfigVariables]: z.output<ConfigVariables[K]['schema']> };
