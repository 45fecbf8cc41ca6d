import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs with no personal data. Requests are logged by route pattern (never the raw URL, whose
 * query string can carry e-mails), without addresses, headers or bodies; known secret-bearing keys
 * are censored as a second line of defence.
 */
export const redactedPaths = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'code',
  'recoveryCode',
  'email',
  'secret',
  'authorization',
  'cookie',
  '*.password',
  '*.email',
  '*.token',
  '*.secret',
  'req.headers',
  'err.config',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sigilo' },
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: {
        req: (req: { method?: string; routeOptions?: { url?: string }; id?: string }) => ({
          id: req.id,
          method: req.method,
          route: req.routeOptions?.url ?? 'unmatched',
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: (err: Error & { code?: string; statusCode?: number }) => ({
          type: err.name,
          code: err.code,
          statusCode: err.statusCode,
          // Messages of our own errors are written without personal data; the stack helps operators.
          message: err.message,
          stack: err.stack,
        }),
      },
    },
    destination,
  );
}

export type { Logger };
