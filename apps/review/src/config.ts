import { backendServiceVars, parseEnv } from '@poe/platform';

/** The only place the review service reads process.env. */
export const loadReviewConfig = (env: NodeJS.ProcessEnv = process.env) =>
  parseEnv('review', backendServiceVars({ port: 3003, mongoDb: 'poe_review', kafkaClientId: 'poe-review' }), env);

export type ReviewConfig = ReturnType<typeof loadReviewConfig>;
