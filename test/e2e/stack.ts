import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@poe/platform';
import { listenOnFreePort, REPO_ROOT, serviceEnv, TestNamespace, testNamespace } from '@poe/testing';
import { ClaimsModule } from '../../apps/claims/src/claims.module';
import { loadClaimsConfig } from '../../apps/claims/src/config';
import { loadDocumentsConfig } from '../../apps/documents/src/config';
import { DocumentsModule } from '../../apps/documents/src/documents.module';
import { loadGatewayConfig } from '../../apps/gateway/src/config';
import { createGatewayApp } from '../../apps/gateway/src/gateway.app';
import { loadReviewConfig } from '../../apps/review/src/config';
import { ReviewModule } from '../../apps/review/src/review.module';

/**
 * The whole system in this process against the real servers, isolated to one test file: the three
 * services on free ports and the gateway in front of them in dev auth mode. Tests talk to the
 * gateway only.
 */
export type Backend = 'claims' | 'documents' | 'review';

export interface Stack {
  ns: TestNamespace;
  gateway: string;
  /** The first instance of each service. */
  services: Record<Backend, string>;
  /** Every instance of each service (several with `instances` > 1); `stop` closes that one app. */
  instances: Record<Backend, { url: string; stop(): Promise<void> }[]>;
  close(): Promise<void>;
}

/** Each service of the stack keeps its own database and consumer group, as in production. */
export const envOf = (ns: TestNamespace, service: string) =>
  serviceEnv(ns, { LOG_LEVEL: 'error', KAFKA_CLIENT_ID: `poe-${service}`, MONGO_DB: `${ns.dbName}_${service}` });

/**
 * `instances`: how many instances of each backend service, sharing its database and consumer
 * group as several processes would; the gateway gets all their URLs. `reviewEnv`: extra
 * environment of the review service (e.g. REVIEW_CONSUMER=false to hold its queue back).
 */
export async function bootStack(
  testFile: string,
  gatewayEnv: Record<string, string> = {},
  instances = 1,
  reviewEnv: Record<string, string> = {},
): Promise<Stack> {
  const ns = testNamespace(testFile);
  const apps: INestApplication[] = [];
  const stopped = new Set<INestApplication>();
  const all: Stack['instances'] = { claims: [], documents: [], review: [] };
  const stop = async (app: INestApplication) => {
    if (stopped.has(app)) return;
    stopped.add(app);
    await app.close();
  };
  const start = async (service: Backend, app: Promise<INestApplication>) => {
    const started = await app;
    apps.push(started);
    const url = await listenOnFreePort(started);
    all[service].push({ url, stop: () => stop(started) });
    return url;
  };
  const close = async () => {
    for (const app of apps.reverse()) await stop(app);
  };
  try {
    // Refusals are part of the scenarios: only errors are worth a log line here.
    const opts = { logLevel: 'error' as const };
    for (let i = 0; i < instances; i++) {
      await start(
        'claims',
        createServiceApp(ClaimsModule.forRoot(loadClaimsConfig(envOf(ns, 'claims'))), { name: 'claims', ...opts }),
      );
      await start(
        'review',
        createServiceApp(ReviewModule.forRoot(loadReviewConfig({ ...envOf(ns, 'review'), ...reviewEnv })), {
          name: 'review',
          ...opts,
        }),
      );
      await start(
        'documents',
        createServiceApp(DocumentsModule.forRoot(loadDocumentsConfig(envOf(ns, 'documents'))), {
          name: 'documents',
          ...opts,
        }),
      );
    }
    const urls = (service: Backend) => all[service].map((i) => i.url).join(',');
    const config = loadGatewayConfig(
      serviceEnv(ns, {
        CLAIMS_URL: urls('claims'),
        DOCUMENTS_URL: urls('documents'),
        REVIEW_URL: urls('review'),
        LOG_LEVEL: 'error',
        AUTH_MODE: 'dev',
        DEMO_USERS_FILE: `${REPO_ROOT}/demo/users.json`,
        ...gatewayEnv,
      }),
    );
    const gatewayApp = await createGatewayApp(config, 'error');
    apps.push(gatewayApp);
    const gateway = await listenOnFreePort(gatewayApp);
    const first = (service: Backend) => all[service][0].url;
    return {
      ns,
      gateway,
      services: { claims: first('claims'), documents: first('documents'), review: first('review') },
      instances: all,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
