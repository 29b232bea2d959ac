/** The parsed configuration, for providers that need more than the platform's parts. */
export const CLAIMS_CONFIG = Symbol('CLAIMS_CONFIG');
