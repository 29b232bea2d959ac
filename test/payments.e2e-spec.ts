import { TOPICS } from '@poe/contracts';
import { parse } from 'csv-parse/sync';
import { ApiClient, eventually, expectStatus } from './e2e/client';
import { ClaimEventSubscriber } from './e2e/claim-events';
import { CATALOG, loadCatalog } from './e2e/demo-data';
import { decide, readyDraft, waitForClaimStatus, waitInQueue } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/** Issue #15 item 6: the payments system pays approved claims (docs/payments.md). */

let stack: Stack;
let api: ApiClient;
let preApprovals: Record<string, string>;
let payments: ClaimEventSubscriber;

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const balance = async (campaignId = 'CMP-NW-WEBINAR') =>
  expectStatus(await api.get('alice', `/campaigns/${campaignId}/balance`), 200).body;

/** A claim of bob's taken through submit and review to APPROVED for `approved`. */
async function approvedClaim(amount: string, approved: string, campaignId = 'CMP-NW-WEBINAR') {
  const { claimId } = await readyDraft(api, preApprovals[campaignId], { amount, campaignId });
  expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);
  await waitInQueue(api, claimId);
  await decide(api, claimId, 'start-review');
  await decide(api, claimId, 'approve', { approvedAmount: eur(approved), message: 'Catering is not eligible' });
  await waitForClaimStatus(api, 'bob', claimId, 'APPROVED');
  return claimId;
}

async function payables(query: string) {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: any[]; nextCursor: string | null } = expectStatus(
      await api.get('svc-payments', `/payables?${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`),
      200,
    ).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const payout = (claimId: string, body: object) => api.post('svc-payments', `/claims/${claimId}/payouts`, body);

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway);
  preApprovals = await loadCatalog(api);
  // A second program whose minimum payout is 200.00 EUR, with a Northwind campaign in it.
  expectStatus(
    await api.post('svc-payments', '/programs', {
      id: 'PRG-MIN-2026',
      name: 'Co-op with a minimum payout',
      minimumPayouts: [eur('200.00'), { amount: '220.00', currency: 'USD' }],
    }),
    201,
  );
  expectStatus(
    await api.post('svc-payments', '/programs/PRG-MIN-2026/plans', { id: 'PLN-MIN-2026', name: 'Digital' }),
    201,
  );
  expectStatus(
    await api.post('svc-payments', '/campaigns', {
      id: 'CMP-NW-MIN',
      planId: 'PLN-MIN-2026',
      partnerId: 'partner-northwind',
      name: 'Northwind small events',
      activityType: 'event',
      startDate: '2026-09-01',
      endDate: '2026-12-31',
      allocated: eur('5000.00'),
    }),
    201,
  );
  preApprovals['CMP-NW-MIN'] = expectStatus(
    await api.post('rita', '/pre-approvals', {
      partnerId: 'partner-northwind',
      campaignId: 'CMP-NW-MIN',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-12-31T23:59:59.000Z',
    }),
    201,
  ).body.preApprovalId;
  payments = new ClaimEventSubscriber(stack.ns, TOPICS.payment);
  await payments.start();
}, 180000);

afterAll(async () => {
  await payments?.stop();
  await stack?.close();
});

test('payouts_partThenRestInAnotherCurrency_claimIsPaid_balanceAddsPaid_retriesChangeNothing', async () => {
  const claimId = await approvedClaim('300.00', '250.00');
  const before = await balance();

  const listed = (await payables(`programId=${CATALOG.program.id}&partnerId=partner-northwind&currency=EUR`)).find(
    (p) => p.claimId === claimId,
  );
  expect(listed).toMatchObject({
    approved: eur('250.00'),
    paid: eur('0.00'),
    outstanding: eur('250.00'),
    paymentStatus: 'UNPAID',
    payable: true,
    holdReason: null,
    minimumPayout: null,
  });
  expect((await payables('currency=USD')).map((p) => p.claimId)).not.toContain(claimId);

  // 108.50 USD at 1.085 USD per EUR counts 100.00 EUR.
  const first = {
    reference: 'PAY-0001',
    date: '2026-12-15',
    amount: { amount: '108.50', currency: 'USD' },
    exchangeRate: '1.085',
  };
  const partial = expectStatus(await payout(claimId, first), 200).body;
  expect(partial).toMatchObject({
    claimId,
    status: 'PARTIALLY_PAID',
    paid: eur('100.00'),
    outstanding: eur('150.00'),
    payouts: [
      {
        reference: 'PAY-0001',
        amount: { amount: '108.50', currency: 'USD' },
        exchangeRate: '1.085',
        counted: eur('100.00'),
      },
    ],
  });
  // The same payout again (a lost answer): the same state, nothing counted twice.
  expect(expectStatus(await payout(claimId, first), 200).body).toEqual(partial);
  // Finance's export shows the payment state beside the amounts.
  const exported = parse(
    expectStatus(await api.get('svc-payments', '/exports/claims?status=APPROVED&partnerId=partner-northwind'), 200)
      .body,
    { columns: true },
  ) as Record<string, string>[];
  expect(exported.find((r) => r.claimId === claimId)).toMatchObject({
    approvedAmount: '250.00',
    paymentStatus: 'PARTIALLY_PAID',
    paidAmount: '100.00',
    outstandingAmount: '150.00',
    lastPayoutReference: 'PAY-0001',
    lastPayoutDate: '2026-12-15',
  });

  // Refusals name the field and the rule, and change nothing.
  const reused = expectStatus(await payout(claimId, { ...first, amount: { amount: '10.00', currency: 'USD' } }), 422);
  expect(reused.body).toMatchObject({
    code: 'PAYMENT.REFERENCE_REUSED',
    errors: [{ field: 'reference', rule: 'uniquePerPayout' }],
  });
  const over = expectStatus(
    await payout(claimId, { reference: 'PAY-0002', date: '2026-12-20', amount: eur('150.01') }),
    422,
  );
  expect(over.body).toMatchObject({
    code: 'PAYMENT.EXCEEDS_APPROVED',
    errors: [{ field: 'amount', rule: 'atMostOutstanding' }],
  });
  const noRate = expectStatus(
    await payout(claimId, { reference: 'PAY-0002', date: '2026-12-20', amount: { amount: '10.00', currency: 'USD' } }),
    422,
  );
  expect(noRate.body).toMatchObject({ code: 'PAYMENT.EXCHANGE_RATE_REQUIRED', errors: [{ field: 'exchangeRate' }] });
  expect(noRate.headers.get('content-type')).toContain('application/problem+json');

  const paid = expectStatus(
    await payout(claimId, { reference: 'PAY-0002', date: '2026-12-20', amount: eur('150.00') }),
    200,
  );
  expect(paid.body).toMatchObject({ status: 'PAID', paid: eur('250.00'), outstanding: eur('0.00') });
  expect(paid.body.payouts.map((p: any) => p.reference)).toEqual(['PAY-0001', 'PAY-0002']);

  const claim = expectStatus(await api.get('bob', `/claims/${claimId}`), 200).body;
  expect(claim.status).toBe('APPROVED');
  expect(claim.payment).toMatchObject({ status: 'PAID', paid: eur('250.00'), outstanding: eur('0.00') });
  const after = await balance();
  expect(Number(after.paid.amount) - Number(before.paid.amount)).toBeCloseTo(250, 2);
  expect(after.approved).toEqual(before.approved);
  expect((await payables(`programId=${CATALOG.program.id}`)).map((p) => p.claimId)).not.toContain(claimId);
  expectStatus(await payout(claimId, { reference: 'PAY-0003', date: '2026-12-21', amount: eur('0.01') }), 422);

  // One event per payout on the payments topic, revisions 1 and 2.
  const events = await eventually('both payment events', async () => {
    const seen = new Map(payments.events.filter((e) => e.subject === claimId).map((e) => [e.id, e]));
    return seen.size >= 2 ? [...seen.values()] : undefined;
  });
  expect(events.map((e) => [e.type, (e.data as any).revision])).toEqual([
    ['poe.claims.payment.payout-recorded.v1', 1],
    ['poe.claims.payment.claim-paid.v1', 2],
  ]);
  expect(payments.invalid).toEqual([]);
}, 180000);

test('minimumPayout_holdsSmallApprovalsUntilThePartnersTotalReachesIt', async () => {
  const small = await approvedClaim('150.00', '150.00', 'CMP-NW-MIN');
  const held = (await payables('programId=PRG-MIN-2026')).find((p) => p.claimId === small);
  expect(held).toMatchObject({
    payable: false,
    holdReason: 'BELOW_MINIMUM_PAYOUT',
    partnerOutstanding: eur('150.00'),
    minimumPayout: eur('200.00'),
  });
  const refused = expectStatus(
    await payout(small, { reference: 'MIN-1', date: '2026-12-15', amount: eur('150.00') }),
    409,
  );
  expect(refused.body.code).toBe('PAYMENT.BELOW_MINIMUM_PAYOUT');
  expect(expectStatus(await api.get('bob', `/claims/${small}`), 200).body.payment.status).toBe('UNPAID');

  const second = await approvedClaim('80.00', '60.00', 'CMP-NW-MIN');
  const now = await payables('programId=PRG-MIN-2026&partnerId=partner-northwind');
  expect(now.filter((p) => [small, second].includes(p.claimId)).map((p) => [p.payable, p.partnerOutstanding])).toEqual([
    [true, eur('210.00')],
    [true, eur('210.00')],
  ]);
  expectStatus(await payout(small, { reference: 'MIN-1', date: '2026-12-15', amount: eur('150.00') }), 200);
  // Once the partner's claims added up and a payout was made, the rest stays payable though the total left is 60.00.
  expect((await payables('programId=PRG-MIN-2026')).map((p) => [p.claimId, p.payable, p.partnerOutstanding])).toEqual([
    [second, true, eur('60.00')],
  ]);
  expectStatus(await payout(second, { reference: 'MIN-2', date: '2026-12-15', amount: eur('60.00') }), 200);
  expect(await payables('programId=PRG-MIN-2026')).toEqual([]);
}, 240000);

test('payouts_onAClaimNotApproved_areRefused', async () => {
  const { claimId } = await readyDraft(api, preApprovals['CMP-NW-WEBINAR'], { amount: '50.00' });
  const r = expectStatus(await payout(claimId, { reference: 'X-1', date: '2026-12-15', amount: eur('10.00') }), 409);
  expect(r.body.code).toBe('PAYMENT.CLAIM_NOT_PAYABLE');
  expect(expectStatus(await api.get('bob', `/claims/${claimId}`), 200).body.payment).toBeNull();
  expectStatus(await api.get('bob', '/payables'), 403);
});
