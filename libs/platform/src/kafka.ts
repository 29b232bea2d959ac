import { Logger } from '@nestjs/common';
import { Admin, Kafka, KafkaConfig, logLevel, LogEntry } from 'kafkajs';
import { kafkaClientVars, parseEnv, Parsed } from './config';
import type { ReadinessCheck } from './health';

/** How a client proves who it is to the broker: SASL credentials and/or TLS. */
export interface KafkaAuth {
  sasl?: { mechanism: 'scram-sha-512' | 'scram-sha-256' | 'plain'; username: string; password: string };
  ssl?: boolean;
}

/** The SASL/TLS settings from the parsed KAFKA_SASL_* and KAFKA_SSL variables (config.ts). */
export function kafkaAuthOf(vars: Omit<Parsed<ReturnType<typeof kafkaClientVars>>, 'KAFKA_BROKERS'>): KafkaAuth {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = vars;
  return {
    ...(username && password ? { sasl: { mechanism, username, password } } : {}),
    ...(vars.KAFKA_SSL ? { ssl: true } : {}),
  };
}

/**
 * Brokers and credentials from an environment, checked by the services' own rules: for scripts,
 * tests and tools that are not a service. A missing password or a bad mechanism is a clear error.
 */
export function kafkaClientFromEnv(who: string, env: NodeJS.ProcessEnv): { brokers: string[]; auth: KafkaAuth } {
  const vars = parseEnv(who, kafkaClientVars(), env);
  return { brokers: vars.KAFKA_BROKERS, auth: kafkaAuthOf(vars) };
}

const LEVEL_NAME: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go through Nest's logger, so they are JSON lines like the rest. */
export function createKafka(clientId: string, brokers: string[], auth: KafkaAuth = {}): Kafka {
  return new Kafka({
    clientId,
    brokers,
    ...(auth.sasl ? { sasl: auth.sasl as KafkaConfig['sasl'] } : {}),
    ...(auth.ssl ? { ssl: true } : {}),
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 200, retries: 8 },
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        const { message, ...extra } = log;
        // A coordinator still loading right after broker start is retried by kafkajs: not an error for us.
        const method = LEVEL_NAME[level] ?? 'log';
        new Logger(`kafkajs:${namespace}`)[method]({ msg: message, ...extra });
      },
  });
}

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
}

/** Creates the topics that do not exist yet; existing ones are left as they are. */
export async function ensureTopics(admin: Admin, topics: TopicSpec[]): Promise<void> {
  // A broker that has just started can answer the leader wait of a topic it is still creating with
  // UNKNOWN_TOPIC_OR_PARTITION (seen in CI on a fresh data directory): that is "not yet", so the
  // whole step is repeated on what is still missing.
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((t) => !existing.has(t.topic));
      if (missing.length === 0) return;
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({ topic: t.topic, numPartitions: t.numPartitions ?? 3, replicationFactor: -1 })),
      });
      return;
    } catch (e) {
      const retriable = (e as { retriable?: boolean }).retriable === true;
      if (!retriable || attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, 300 * attempt));
    }
  }
}

/** Readiness: the broker answers a metadata request. One admin connection, opened on first use. */
export function kafkaReadiness(kafka: Kafka): ReadinessCheck & { close(): Promise<void> } {
  let admin: Admin | undefined;
  // A connection attempt still retrying after its check timed out: closed on shutdown too.
  const connecting = new Set<Admin>();
  return {
    name: 'kafka',
    async check() {
      if (!admin) {
        const candidate = kafka.admin({ retry: { retries: 0 } });
        connecting.add(candidate);
        try {
          await candidate.connect();
        } catch (e) {
          await candidate.disconnect().catch(() => undefined);
          throw e;
        } finally {
          connecting.delete(candidate);
        }
        admin = candidate;
      }
      try {
        await admin.describeCluster();
      } catch (e) {
        const broken = admin;
        admin = undefined;
        await broken.disconnect().catch(() => undefined);
        throw e;
      }
    },
    async close() {
      await Promise.all([admin, ...connecting].map((a) => a?.disconnect().catch(() => undefined)));
      admin = undefined;
    },
  };
}

/** Creates a service's topics (with the prefix) and their DLQs if missing. */
export async function ensureServiceTopics(kafka: Kafka, prefix: string, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(
      admin,
      topics.flatMap((t) => [{ topic: prefix + t }, { topic: `${prefix}${t}.dlq`, numPartitions: 1 }]),
    );
  } finally {
    await admin.disconnect();
  }
}
