import {
  ConfigError,
  int,
  internalAuthSecret,
  logLevel,
  oneOf,
  parseEnv,
  port,
  str,
  url,
  urlList,
} from '@poe/platform';

// One URL per instance of the service, comma-separated: the gateway spreads requests over them.
const serviceUrls = (describe: string) => urlList({ protocols: ['http', 'https'], describe });

const baseVars = {
  HOST: str({ default: '127.0.0.1' }),
  PORT: port({ default: 3000 }),
  LOG_LEVEL: logLevel(),
  CLAIMS_URL: serviceUrls('base URLs of the claims service instances'),
  DOCUMENTS_URL: serviceUrls('base URLs of the documents service instances'),
  REVIEW_URL: serviceUrls('base URLs of the review service instances'),
  // How often each upstream's /health is polled when a service has several instances.
  UPSTREAM_CHECK_INTERVAL_MS: int({ min: 100, default: 1000 }),
  // dev: the gateway mints tokens for the demo users itself; jwks: tokens come from your IdP.
  AUTH_MODE: oneOf(['dev', 'jwks'] as const, { default: 'jwks' }),
  AUTH_AUDIENCE: str({ default: 'poe-claims' }),
  INTERNAL_AUTH_SECRET: internalAuthSecret(),
  // Per authenticated client (token subject): sustained requests per second and burst.
  RATE_LIMIT_RPS: int({ min: 1, default: 200 }),
  RATE_LIMIT_BURST: int({ min: 1, default: 400 }),
  // Comma-separated origins allowed by CORS; empty: no cross-origin browser access.
  CORS_ORIGINS: str({ default: '', minLength: 0 }),
  // JSON bodies; uploads stream through and are limited by the documents service.
  JSON_BODY_LIMIT: str({ default: '256kb' }),
  // Deepest nesting of arrays and objects a JSON body may have (docs/gateway.md, "Validation").
  JSON_MAX_DEPTH: int({ min: 1, max: 1000, default: 32 }),
  // Request line + headers, in bytes; over it: 431 problem+json.
  MAX_HEADER_BYTES: int({ min: 1024, max: 1_048_576, default: 16_384 }),
  // Failed authentications (401) per client address per window; over it: 429 until the window refills.
  AUTH_FAILURE_LIMIT: int({ min: 1, default: 100 }),
  AUTH_FAILURE_WINDOW_SECONDS: int({ min: 1, default: 10 }),
};
const jwksVars = {
  AUTH_ISSUER: url({ protocols: ['http', 'https'], describe: 'issuer (iss) of accepted tokens' }),
  AUTH_JWKS_URL: url({ protocols: ['http', 'https'], describe: 'JWKS URL of the issuer' }),
};
const devVars = {
  DEMO_USERS_FILE: str({ default: 'demo/users.json' }),
  // The dev issuer's signing key (made on first start, 0600): tokens outlive a gateway restart.
  DEV_SIGNING_KEY_FILE: str({ default: '.local/dev-signing-key.json' }),
};

/** The only place the gateway reads process.env. Reports the problems of both parts at once. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  const problems: string[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
      return undefined;
    }
  };
  const base = attempt(() => parseEnv('gateway', baseVars, env));
  const devMode = env.AUTH_MODE === 'dev';
  const auth = attempt(() => (devMode ? parseEnv('gateway', devVars, env) : parseEnv('gateway', jwksVars, env)));
  if (problems.length > 0 || !base || !auth) throw new ConfigError('gateway', problems);
  return { ...base, ...auth } as typeof base & {
    AUTH_ISSUER?: string;
    AUTH_JWKS_URL?: string;
    DEMO_USERS_FILE?: string;
    DEV_SIGNING_KEY_FILE?: string;
  };
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
