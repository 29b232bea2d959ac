/**
 * Domain errors carry a stable code (`CLAIM.NOT_FOUND`) and a kind; each app's exception filter
 * maps the kind to an HTTP status, so domain code never knows about HTTP.
 */
export type ErrorKind =
  | 'invalid' // 400/422: the input breaks a rule
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict' // 409: the state does not allow it (illegal transition, duplicate)
  | 'precondition' // 412: stale version (If-Match)
  | 'too_large'
  | 'unsupported_media'
  | 'too_many_requests' // 429: rate limited
  | 'unavailable'; // 503: a dependency does not answer

export interface FieldViolation {
  /** JSON-pointer-like path of the offending field, e.g. `executionDate` or `costLines[2].quantity`. */
  field: string;
  /** The rule it breaks, e.g. `withinCampaignWindow`, `isPositive`. */
  rule: string;
  message: string;
  /** For a refused file (an allocation CSV): the line the field is on; the header is line 1. */
  line?: number;
  /** When one refusal lists several rules' codes (e.g. one per line of a file). */
  code?: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly violations: FieldViolation[] = [],
    /** For 429 and 503: when the client may retry (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** The common case: one field breaks one rule. */
  static invalidField(code: string, field: string, rule: string, message: string): DomainError {
    return new DomainError(code, 'invalid', message, [{ field, rule, message }]);
  }
}
