import {
  DynamicModule,
  Inject,
  Injectable,
  InjectionToken,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { getConnectionToken, InjectConnection, MongooseModule } from '@nestjs/mongoose';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import type { BackendServiceConfig } from './config';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from './health';
import { INTERNAL_AUTH_SECRET, InternalAuthGuard } from './identity';
import { APP_GUARD } from '@nestjs/core';
import { createKafka, KafkaAuth, kafkaAuthOf, kafkaReadiness } from './kafka';
import { MetricsController } from './metrics';
import { MongoWatchdog, mongooseOptions, mongoReadiness } from './mongo';

export const KAFKA = Symbol('KAFKA');

/** Kafka readiness that also closes its admin connection when the app shuts down. */
@Injectable()
export class KafkaHealth implements ReadinessCheck, OnApplicationShutdown {
  readonly name = 'kafka';
  private readonly inner: ReturnType<typeof kafkaReadiness>;
  constructor(@Inject(KAFKA) kafka: Kafka) {
    this.inner = kafkaReadiness(kafka);
  }
  check() {
    return this.inner.check();
  }
  onApplicationShutdown() {
    return this.inner.close();
  }
}

export interface PlatformOptions {
  mongo?: { url: string; dbName: string };
  kafka?: { brokers: string[]; clientId: string; auth?: KafkaAuth };
}

const MONGO_URL = Symbol('MONGO_URL');

/** Starts and stops the reconnect watch of the service's MongoDB connection (see MongoWatchdog). */
@Injectable()
export class MongoWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly watchdog: MongoWatchdog;
  constructor(@InjectConnection() connection: Connection, @Inject(MONGO_URL) url: string) {
    this.watchdog = new MongoWatchdog(connection, url);
  }
  onApplicationBootstrap() {
    this.watchdog.start();
  }
  onApplicationShutdown() {
    this.watchdog.stop();
  }
}

/** The connections a service needs, set up once: mongoose to the MongoDB API, a kafkajs client. */
@Module({})
export class PlatformModule {
  static forService(opts: PlatformOptions): DynamicModule {
    const providers: Provider[] = [];
    const imports: DynamicModule[] = [];
    if (opts.kafka) {
      const { brokers, clientId, auth } = opts.kafka;
      providers.push({ provide: KAFKA, useFactory: () => createKafka(clientId, brokers, auth) }, KafkaHealth);
    }
    if (opts.mongo) {
      imports.push(MongooseModule.forRoot(opts.mongo.url, mongooseOptions(opts.mongo.dbName)));
      providers.push({ provide: MONGO_URL, useValue: opts.mongo.url }, MongoWatch);
    }
    return {
      module: PlatformModule,
      global: true,
      imports,
      providers,
      exports: [...providers, ...imports],
    };
  }
}

/**
 * The module parts every backend service shares: mongoose and Kafka from its configuration, the
 * health controller, and readiness over MongoDB, Kafka and any extra checks (e.g. the object store).
 */
export function backendServiceParts(config: BackendServiceConfig, extraChecks: InjectionToken<ReadinessCheck>[] = []) {
  return {
    imports: [
      PlatformModule.forService({
        mongo: { url: config.MONGO_URL, dbName: config.MONGO_DB },
        kafka: { brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, auth: kafkaAuthOf(config) },
      }),
    ],
    controllers: [HealthController, MetricsController],
    providers: [
      {
        provide: INTERNAL_AUTH_SECRET,
        useValue: [config.INTERNAL_AUTH_SECRET, config.INTERNAL_AUTH_PREVIOUS_SECRET].filter((s): s is string => !!s),
      },
      { provide: APP_GUARD, useClass: InternalAuthGuard },
      {
        provide: READINESS_CHECKS,
        useFactory: (connection: Connection, kafka: KafkaHealth, ...extra: ReadinessCheck[]) => [
          mongoReadiness(connection),
          kafka,
          ...extra,
        ],
        inject: [getConnectionToken(), KafkaHealth, ...extraChecks],
      },
    ],
  };
}
