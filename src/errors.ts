/**
 * The one error catalogue. Every failure the API reports is one of these; the server turns
 * them into Kubernetes `Status` objects in one place (src/server/status.ts).
 */

export interface StatusCause {
  type?: string; // FieldValueRequired, FieldValueInvalid, FieldValueNotSupported, FieldValueDuplicate, FieldManagerConflict, ...
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export type Reason =
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'Expired'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests'
  | 'InternalError'
  | 'Timeout'
  | 'ServiceUnavailable';

export class ApiError extends Error {
  readonly code: number;
  readonly reason: Reason;
  readonly details?: StatusDetails;
  constructor(code: number, reason: Reason, message: string, details?: StatusDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

/** `<resource>[.<group>] "<name>"`, as upstream prints a qualified resource. */
export function qualifiedName(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

export class NotFoundError extends ApiError {
  constructor(resource: string, group: string, name: string) {
    super(404, 'NotFound', `${qualifiedName(resource, group)} "${name}" not found`, { name, group, kind: resource });
  }
}

export class AlreadyExistsError extends ApiError {
  constructor(resource: string, group: string, name: string) {
    super(409, 'AlreadyExists', `${qualifiedName(resource, group)} "${name}" already exists`, { name, group, kind: resource });
  }
}

export class ConflictError extends ApiError {
  constructor(resource: string, group: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again', causes?: StatusCause[]) {
    super(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(resource, group)} "${name}": ${why}`, { name, group, kind: resource, causes });
  }
}

export class InvalidError extends ApiError {
  constructor(kind: string, group: string, name: string, causes: StatusCause[]) {
    const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
    const body = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
    super(422, 'Invalid', `${kind}${group ? '.' + group : ''} "${name}" is invalid: ${body}`, { name, group, kind, causes });
  }
}

export class BadRequestError extends ApiError {
  constructor(message: string, causes?: StatusCause[]) {
    super(400, 'BadRequest', message, causes ? { causes } : undefined);
  }
}

export class ExpiredError extends ApiError {
  constructor(message: string) {
    super(410, 'Expired', message);
  }
}

export class UnauthorizedError extends ApiError {
  constructor(message = 'Unauthorized') {
    super(401, 'Unauthorized', message);
  }
}

export class ForbiddenError extends ApiError {
  constructor(message: string) {
    super(403, 'Forbidden', message);
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(message: string) {
    super(405, 'MethodNotAllowed', message);
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(contentType: string) {
    super(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got "${contentType}")`);
  }
}

export class TooLargeError extends ApiError {
  constructor(limit: number) {
    super(413, 'RequestEntityTooLarge', `the request body is larger than ${limit} bytes`);
  }
}

export class InternalError extends ApiError {
  constructor(message: string, cause?: unknown) {
    super(500, 'InternalError', `Internal error occurred: ${message}`, undefined, { cause });
  }
}
