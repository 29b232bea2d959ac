export type ContractErrorCode =
  | 'CONTRACT.UNKNOWN_TYPE'
  | 'CONTRACT.INVALID_ENVELOPE'
  | 'CONTRACT.INVALID_DATA'
  /** The event's `source` is not the service that owns the topic it came on (a forgery, or a misrouted event). */
  | 'CONTRACT.FOREIGN_SOURCE';

/** One schema violation, with its path inside the envelope (e.g. `/data/amount/currency`). */
export interface SchemaViolation {
  instancePath: string;
  message: string;
}

export class ContractError extends Error {
  constructor(
    readonly code: ContractErrorCode,
    summary: string,
    readonly violations: readonly SchemaViolation[] = [],
  ) {
    // The violations go into the message too, so a DLQ record or a log line is enough to debug.
    super(
      violations.length === 0
        ? summary
        : `${summary}: ${violations.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ')}`,
    );
    this.name = 'ContractError';
  }
}
