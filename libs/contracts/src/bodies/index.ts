/**
 * Request bodies written once: the class-validator DTO classes the services validate with, and
 * (json-schema.ts) the schemas the gateway publishes, derived from the same classes. Not in the
 * main barrel of @poe/contracts: import `@poe/contracts/bodies` (docs/gateway.md, "How to add a
 * request body").
 */
export * from './documented';
export * from './json-schema';
export * from './money.dto';
export * from './catalog.dto';
export * from './claims.dto';
export * from './payments.dto';
export * from './csr.dto';
export * from './review.dto';
export * from './pre-approvals.dto';
