/** The parsed configuration, for providers that need more than the platform parts. */
export const REVIEW_CONFIG = Symbol('REVIEW_CONFIG');
