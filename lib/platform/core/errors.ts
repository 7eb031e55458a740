/**
 * Typed domain errors. Verbs throw them; each boundary (server action, route handler, CLI,
 * job processor) maps them once to what its caller sees. `code` is a key in the `errors`
 * message catalogue, `params` fill its placeholders, so users read a deliberate message in
 * their own language — never a raw exception.
 */
export type ErrorParams = Record<string, string | number>;

export interface FieldIssue {
  /** Form field or import column the issue is about (dotted path for nested fields). */
  field: string;
  code: string;
  params?: ErrorParams;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  constructor(
    readonly code: string,
    readonly params: ErrorParams = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  constructor(code = 'notFound', params?: ErrorParams) {
    super(code, params);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  constructor(code = 'forbidden', params?: ErrorParams) {
    super(code, params);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  constructor() {
    super('unauthenticated');
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
}

export class ValidationError extends DomainError {
  readonly status = 400;
  constructor(
    readonly issues: FieldIssue[],
    code = 'validation',
    params?: ErrorParams,
  ) {
    super(code, params);
  }

  static field(field: string, code: string, params?: ErrorParams): ValidationError {
    return new ValidationError([{ field, code, params }]);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
