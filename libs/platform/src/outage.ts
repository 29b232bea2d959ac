/**
 * Recognises the errors that mean "a server this service needs is not answering right now"
 * (the database, the object store, the broker) as opposed to a bug. They become 503 with
 * Retry-After instead of 500: the request may be repeated once the dependency is back. A write
 * cut off this way may or may not have been applied, which is why creates and submits take an
 * Idempotency-Key and the other changes are guarded by version.
 */
const MONGO_OUTAGES = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);
const KAFKA_OUTAGES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSRequestTimeoutError',
]);
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

export type Dependency = 'the database' | 'the broker' | 'a dependency';

export function outageOf(error: unknown): Dependency | undefined {
  if (!(error instanceof Error)) return undefined;
  if (MONGO_OUTAGES.has(error.name)) return 'the database';
  if (KAFKA_OUTAGES.has(error.name)) return 'the broker';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && SOCKET_CODES.has(code)) return 'a dependency';
  // Wrapped errors (an S3 client reporting its failed request) keep the socket error as cause.
  const cause = (error as { cause?: unknown }).cause;
  return cause && cause !== error ? outageOf(cause) : undefined;
}
