import { backendServiceVars, bool, int, parseEnv } from '@poe/platform';

/** The only place the claims service reads process.env. */
export const loadClaimsConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv(
    'claims',
    {
      ...backendServiceVars({ port: 3001, mongoDb: 'poe_claims', kafkaClientId: 'poe-claims' }),
      // Off only in tests and benchmarks that drive the relay or consumer themselves.
      CLAIMS_OUTBOX_RELAY: bool({ default: true }),
      CLAIMS_CONSUMER: bool({ default: true }),
      /** How often half-done submits and settlements are looked for; 0 turns the timer off. */
      CLAIMS_RECOVERY_INTERVAL_MS: int({ default: 5000, min: 0 }),
      /** How often drafts past their campaign's claim deadline are expired; 0 turns the timer off. */
      CLAIMS_EXPIRY_INTERVAL_MS: int({ default: 60000, min: 0 }),
      /** Age after which a half-done funds step is presumed abandoned and finished by recovery. */
      CLAIMS_PENDING_TAKEOVER_MS: int({ default: 30000, min: 0 }),
      /** How long an Idempotency-Key and its stored answer are kept (a retry after that runs anew). */
      CLAIMS_IDEMPOTENCY_KEY_TTL_HOURS: int({ default: 24, min: 1, max: 24 * 365 }),
      /** How often expired Idempotency-Keys are deleted; 0 turns the sweep off. */
      CLAIMS_IDEMPOTENCY_SWEEP_INTERVAL_MS: int({ default: 600_000, min: 0 }),
      /** Largest allocation CSV file accepted (bytes; over it: 413) and most allocation lines in one. */
      ALLOCATIONS_CSV_MAX_BYTES: int({ default: 1_048_576, min: 1024, max: 64 * 1_048_576 }),
      ALLOCATIONS_CSV_MAX_LINES: int({ default: 5000, min: 1, max: 100_000 }),
    },
    env,
  );

export type ClaimsConfig = ReturnType<typeof loadClaimsConfig>;
