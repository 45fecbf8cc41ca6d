/**
 * RFC 9457 problem details. Use cases throw these; the HTTP layer renders them as
 * application/problem+json. Messages never carry personal data.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> & { errors?: FieldError[] } = {},
  ) {
    super(detail ?? title);
    this.name = 'Problem';
  }

  static badRequest(detail: string, errors?: FieldError[]) {
    return new Problem(400, 'validation-error', 'Invalid request', detail, errors ? { errors } : {});
  }
  static field(field: string, message: string) {
    return Problem.badRequest(`${field}: ${message}`, [{ field, message }]);
  }
  static unauthorized(detail = 'Authentication is required.') {
    return new Problem(401, 'unauthorized', 'Unauthorized', detail);
  }
  static forbidden(detail = 'You do not have permission to do this.', slug = 'forbidden') {
    return new Problem(403, slug, 'Forbidden', detail);
  }
  static notFound(what = 'Resource') {
    return new Problem(404, 'not-found', 'Not found', `${what} not found.`);
  }
  static conflict(detail: string, slug = 'conflict') {
    return new Problem(409, slug, 'Conflict', detail);
  }
}

export const problemTypeBase = 'https://sigilo.dev/problems/';
