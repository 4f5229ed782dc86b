/**
 * Domain errors with stable codes. The HTTP layer maps each code to a status and an
 * RFC 9457 problem type in one table (`http/plugins/problem-details.ts`); the CLI prints
 * the message. Codes never change once published: clients rely on them.
 */

/** One failing input field, named by a JSON pointer-like path (`/lat`, `/features/3`). */
export interface FieldProblem {
  field: string;
  message: string;
  /** Where the field is: body, querystring, params or headers (body when absent). */
  in?: string;
}

/** Base of every error the domain and services throw on purpose. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule: wrong shape, out of range, unknown reference. */
export class ValidationError extends DomainError {
  readonly code = 'validation-failed';
  constructor(
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The thing asked for does not exist, or is outside the caller's scope. */
export class NotFoundError extends DomainError {
  readonly code = 'not-found';
}

/** No valid session or token was presented. */
export class AuthenticationRequiredError extends DomainError {
  readonly code = 'authentication-required';
}

/** Login and password do not match an active user. */
export class InvalidCredentialsError extends DomainError {
  readonly code = 'invalid-credentials';
}

/** The caller is known but its roles or scope do not allow this. */
export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

/** A write against a version that another write has already replaced. */
export class StaleVersionError extends DomainError {
  readonly code = 'stale-version';
}

/** A write that would break a uniqueness rule (a code already taken). */
export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

/** A workflow step that is not allowed from the subject's current state. */
export class InvalidTransitionError extends DomainError {
  readonly code = 'invalid-transition';
}
