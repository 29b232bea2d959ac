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
export interface Stack {
  ns: TestNamespace;
  gateway: string;
  services: { claims: string; documents: string; review: string };
  close(): Promise<void>;
}

/** Each service of the stack keeps its own database and consumer group, as in production. */
export const envOf = (ns: TestNamespace, service: string) =>
  serviceEnv(ns, { LOG_LEVEL: 'error', KAFKA_CLIENT_ID: `poe-${service}`, MONGO_DB: `${ns.dbName}_${service}` });

export async function bootStack(
  testFile: string,
  gatewayEnv: Record<string, string> = {},
  /** Extra environment of the review service (e.g. REVIEW_CONSUMER=false to hold its queue back). */
  reviewEnv: Record<string, string> = {},
): Promise<Stack> {
  const ns = testNamespace(testFile);
  const apps: INestApplication[] = [];
  const start = async (app: Promise<INestApplication>) => {
    const started = await app;
    apps.push(started);
    return listenOnFreePort(started);
  };
  const close = async () => {
    for (const app of apps.reverse()) await app.close();
  };
  try {
    // Refusals are part of the scenarios: only errors are worth a log line here.
    const opts = { logLevel: 'error' as const };
    const claims = await start(
      createServiceApp(ClaimsModule.forRoot(loadClaimsConfig(envOf(ns, 'claims'))), { name: 'claims', ...opts }),
    );
    const review = await start(
      createServiceApp(ReviewModule.forRoot(loadReviewConfig({ ...envOf(ns, 'review'), ...reviewEnv })), {
        name: 'review',
        ...opts,
      }),
    );
    const documents = await start(
      createServiceApp(DocumentsModule.forRoot(loadDocumentsConfig(envOf(ns, 'documents'))), {
        name: 'documents',
        ...opts,
      }),
    );
    const config = loadGatewayConfig(
      serviceEnv(ns, {
        CLAIMS_URL: claims,
        DOCUMENTS_URL: documents,
        REVIEW_URL: review,
        LOG_LEVEL: 'error',
        AUTH_MODE: 'dev',
        DEMO_USERS_FILE: `${REPO_ROOT}/demo/users.json`,
        ...gatewayEnv,
      }),
    );
    const gateway = await start(createGatewayApp(config, 'error'));
    return { ns, gateway, services: { claims, documents, review }, close };
  } catch (e) {
    await close();
    throw e;
  }
}
