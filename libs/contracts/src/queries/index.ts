/**
 * Query parameters written once: the class-validator DTO classes the services validate with, the
 * gateway checks before calling them (edge-checks.ts) and publishes through `queryParameters`.
 * Not in the main barrel of @poe/contracts, like the bodies: import `@poe/contracts/queries`
 * (docs/gateway.md, "How to add a query parameter").
 */
export * from './query-params';
export * from './claims.query';
export * from './documents.query';
export * from './review.query';
