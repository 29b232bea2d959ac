import { backendServiceVars, bool, int, parseEnv } from '@poe/platform';

/** The only place the review service reads process.env. */
export const loadReviewConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv(
    'review',
    {
      ...backendServiceVars({ port: 3003, mongoDb: 'poe_review', kafkaClientId: 'poe-review' }),
      // How often the overdue check runs; 0 turns the timer off (tests call the check directly).
      REVIEW_OVERDUE_CHECK_INTERVAL_MS: int({ default: 60_000, min: 0 }),
      // Decided items looked at for the median time to decision.
      REVIEW_FIGURES_WINDOW_DAYS: int({ default: 90, min: 1, max: 3650 }),
      // Upper bound of decided items read for the median, so the figures stay cheap.
      REVIEW_FIGURES_MAX_ITEMS: int({ default: 50_000, min: 100 }),
      // Only a safety net: every local write nudges the relay, it drains at start and retries failed
      // passes itself. On FerretDB v1 each poll scans the whole item collection (docs/review.md).
      REVIEW_OUTBOX_POLL_MS: int({ default: 30_000, min: 10 }),
      // false: this instance serves HTTP only and applies no claim events (another instance does;
      // tests use it to hold the queue back).
      REVIEW_CONSUMER: bool({ default: true }),
    },
    env,
  );

export type ReviewConfig = ReturnType<typeof loadReviewConfig>;
