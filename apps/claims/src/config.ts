import { backendServiceVars, parseEnv } from '@poe/platform';

/** The only place the claims service reads process.env. */
export const loadClaimsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv('claims', backendServiceVars({ port: 3001, mongoDb: 'poe_claims', kafkaClientId: 'poe-claims' }), env);

export type ClaimsConfig = ReturnType<typeof loadClaimsConfig>;
