import type { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@poe/platform';
import { loadReviewConfig } from '../apps/review/src/config';
import { ReviewModule } from '../apps/review/src/review.module';
import { ApiClient, eventually, expectStatus } from './e2e/client';
import { loadCatalog } from './e2e/demo-data';
import { addPoe, readyDraft } from './e2e/flow';
import { bootStack, envOf, Stack } from './e2e/stack';

/**
 * "Not yet" is told apart from "never" (ARCHITECTURE.md, read-your-writes): the review service the
 * gateway talks to applies no claim events, so the queue is held back; a submitted claim's review
 * item answers 503 REVIEW.ITEM_NOT_YET with Retry-After for the whole 10 s, an unknown or never
 * submitted claim's 404; once a second review instance consumes the events, the item is there.
 */

let stack: Stack;
let api: ApiClient;
let preApprovals: Record<string, string>;
let lateReview: INestApplication | undefined;

beforeAll(async () => {
  stack = await bootStack(__filename, {}, 1, { REVIEW_CONSUMER: 'false' });
  api = new ApiClient(stack.gateway);
  preApprovals = await loadCatalog(api);
}, 120000);

afterAll(async () => {
  await lateReview?.close();
  await stack?.close();
});

test('reviewItem_ofASubmittedClaimWhileTheQueueLags_isNotYetWithRetryAfter_neverIs404', async () => {
  const { claimId } = await readyDraft(api, preApprovals['CMP-NW-WEBINAR']);
  const draft = (await addPoe(api, 'bob', { campaignId: 'CMP-NW-WEBINAR', amount: '10.00' })).body.id as string;
  expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);

  const notYet = (r: { status: number; headers: Headers; body: { code?: string } }) => {
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('REVIEW.ITEM_NOT_YET');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  };
  const started = Date.now();
  notYet(await api.get('rita', `/review/items/${claimId}`));
  notYet(await api.post('rita', `/review/items/${claimId}/start-review`, {}));
  // Never: a claim nobody submitted, and one that does not exist.
  expect((await api.get('rita', `/review/items/${draft}`)).body.code).toBe('REVIEW.ITEM_NOT_FOUND');
  expect((await api.get('rita', '/review/items/CLM-does-not-exist')).status).toBe(404);

  // Held back for 10 s: still "not yet", never a 404.
  await new Promise((r) => setTimeout(r, Math.max(0, 10_000 - (Date.now() - started))));
  notYet(await api.get('rita', `/review/items/${claimId}`));

  // A second review instance (same database and group) consumes the events: the item arrives.
  lateReview = await createServiceApp(ReviewModule.forRoot(loadReviewConfig(envOf(stack.ns, 'review'))), {
    name: 'review',
    logLevel: 'error',
  });
  await lateReview.init();
  const item = await eventually(`review item of ${claimId}`, async () => {
    const r = await api.get('rita', `/review/items/${claimId}`);
    return r.status === 200 ? r : undefined;
  });
  expect(item.body).toMatchObject({ claimId, status: 'queued' });
  expectStatus(await api.post('rita', `/review/items/${claimId}/start-review`, {}), 202);
}, 120000);
