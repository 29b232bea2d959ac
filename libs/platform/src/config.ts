/**
 * Environment parsing shared by every app's `config.ts`. Each variable is declared once with its
 * rule; `parseEnv` reports every missing or invalid variable by name in one error, so a bad
 * deployment fails at boot with a message an operator can act on.
 */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for ${service}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export interface VarSpec<T> {
  /** Parses the raw value or throws an Error whose message states the rule. */
  parse(raw: string): T;
  default?: T;
  optional?: boolean;
  /** Shown in error messages: what the variable is for. */
  describe?: string;
  /** Variables that must be set too when this one is (e.g. a user name needs its password). */
  requires?: string[];
}

export const str = (opts: Partial<VarSpec<string>> & { minLength?: number } = {}): VarSpec<string> => ({
  ...opts,
  parse(raw) {
    if (raw.length < (opts.minLength ?? 1)) throw new Error(`must be at least ${opts.minLength ?? 1} characters`);
    return raw;
  },
});

export const int = (opts: Partial<VarSpec<number>> & { min?: number; max?: number } = {}): VarSpec<number> => ({
  ...opts,
  parse(raw) {
    if (!/^-?\d+$/.test(raw)) throw new Error(`must be an integer, got "${raw}"`);
    const n = Number(raw);
    if (opts.min !== undefined && n < opts.min) throw new Error(`must be >= ${opts.min}, got ${n}`);
    if (opts.max !== undefined && n > opts.max) throw new Error(`must be <= ${opts.max}, got ${n}`);
    return n;
  },
});

export const port = (opts: Partial<VarSpec<number>> = {}) => int({ ...opts, min: 0, max: 65535 });

export const url = (opts: Partial<VarSpec<string>> & { protocols: string[] }): VarSpec<string> => ({
  ...opts,
  parse(raw) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new Error(`must be a URL, got "${raw}"`);
    }
    const protocol = u.protocol.replace(/:$/, '');
    if (!opts.protocols.includes(protocol)) {
      throw new Error(`must use ${opts.protocols.join(' or ')}, got "${protocol}"`);
    }
    return raw;
  },
});

/** The non-blank, trimmed items of a comma-separated value. */
const commaList = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Comma-separated URLs (several instances of one service), each checked as `url` checks one. */
export const urlList = (opts: Partial<VarSpec<string[]>> & { protocols: string[] }): VarSpec<string[]> => {
  const one = url({ protocols: opts.protocols });
  return {
    ...opts,
    parse(raw) {
      const items = commaList(raw);
      if (items.length === 0) throw new Error('must list at least one URL');
      const problems: string[] = [];
      for (const item of items) {
        try {
          one.parse(item);
        } catch (e) {
          problems.push((e as Error).message);
        }
      }
      if (problems.length > 0) throw new Error(problems.join('; '));
      if (new Set(items).size !== items.length) throw new Error('lists the same URL twice');
      return items;
    },
  };
};

/** Comma-separated `host:port` list, as Kafka clients take it. */
export const hostPortList = (opts: Partial<VarSpec<string[]>> = {}): VarSpec<string[]> => ({
  ...opts,
  parse(raw) {
    const items = commaList(raw);
    if (items.length === 0) throw new Error('must list at least one host:port');
    for (const item of items) {
      if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(item)) throw new Error(`"${item}" is not host:port`);
    }
    return items;
  },
});

export const oneOf = <T extends string>(values: readonly T[], opts: Partial<VarSpec<T>> = {}): VarSpec<T> => ({
  ...opts,
  parse(raw) {
    if (!values.includes(raw as T)) throw new Error(`must be one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  },
});

export const bool = (opts: Partial<VarSpec<boolean>> = {}): VarSpec<boolean> => ({
  ...opts,
  parse(raw) {
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    throw new Error(`must be true or false, got "${raw}"`);
  },
});

export type Parsed<S> = { [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never };

export function parseEnv<S extends Record<string, VarSpec<unknown>>>(service: string, spec: S, env: Env): Parsed<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(spec)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (rule.default !== undefined) out[name] = rule.default;
      else if (!rule.optional) problems.push(`${name} is required${rule.describe ? ` (${rule.describe})` : ''}`);
      continue;
    }
    for (const other of rule.requires ?? []) {
      if (!env[other]) problems.push(`${other} is required when ${name} is set`);
    }
    try {
      out[name] = rule.parse(raw);
    } catch (e) {
      problems.push(`${name} ${(e as Error).message}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(service, problems);
  return out as Parsed<S>;
}

export const logLevel = (): VarSpec<'debug' | 'info' | 'warn' | 'error'> =>
  oneOf(['debug', 'info', 'warn', 'error'] as const, { default: 'info' });

/** Variables every backend service (claims, documents, review) reads, with its own defaults. */
export const backendServiceVars = (defaults: { port: number; mongoDb: string; kafkaClientId: string }) => ({
  HOST: str({ default: '127.0.0.1' }),
  PORT: port({ default: defaults.port }),
  LOG_LEVEL: logLevel(),
  MONGO_URL: url({ protocols: ['mongodb', 'mongodb+srv'], describe: 'MongoDB API connection string' }),
  MONGO_DB: str({ default: defaults.mongoDb }),
  ...kafkaClientVars(),
  KAFKA_CLIENT_ID: str({ default: defaults.kafkaClientId }),
  KAFKA_GROUP_ID: str({ default: defaults.kafkaClientId }),
  // Prepended to every topic the service produces to or consumes from: lets test files (or several
  // environments on one cluster) keep their events apart. Empty in production.
  KAFKA_TOPIC_PREFIX: str({ default: '', minLength: 0 }),
  INTERNAL_AUTH_SECRET: internalAuthSecret(),
  INTERNAL_AUTH_PREVIOUS_SECRET: internalAuthPreviousSecret(),
});

/**
 * Where Kafka is and who this client is to it: SASL (SCRAM by default) when a user name is set,
 * TLS when KAFKA_SSL is true. The services, the scripts and the tests read these same variables.
 */
export const kafkaClientVars = () => ({
  KAFKA_BROKERS: hostPortList({ describe: 'comma-separated host:port of Kafka brokers' }),
  KAFKA_SASL_MECHANISM: oneOf(['scram-sha-512', 'scram-sha-256', 'plain'] as const, { default: 'scram-sha-512' }),
  KAFKA_SASL_USERNAME: str({ optional: true, requires: ['KAFKA_SASL_PASSWORD'], describe: 'the SASL principal' }),
  KAFKA_SASL_PASSWORD: str({ optional: true, requires: ['KAFKA_SASL_USERNAME'], describe: 'the SASL password' }),
  KAFKA_SSL: bool({ default: false }),
});

/** Key shared by the gateway and the services to sign the caller's identity (see identity.ts). */
export const internalAuthSecret = () =>
  str({ minLength: 32, describe: 'shared key, at least 32 characters, for the gateway-signed caller identity' });

/**
 * During a rotation, the secret being replaced: services accept identities signed with it too, so
 * the gateway can move to the new INTERNAL_AUTH_SECRET with no request refused (docs/security.md).
 */
export const internalAuthPreviousSecret = () =>
  str({ minLength: 32, optional: true, describe: 'the previous INTERNAL_AUTH_SECRET, accepted during a rotation' });

export type BackendServiceConfig = Parsed<ReturnType<typeof backendServiceVars>>;
