import { CURRENCY_CODES, formatMoney, ISO_4217_AMENDMENTS_AFTER_LIST, Money } from '@poe/contracts';
import { code as isoRecord } from 'currency-codes';
import { Answer, ApiClient, DemoUser, eventually, expectStatus } from './e2e/client';
import { CATALOG, setDetails } from './e2e/demo-data';
import { addPoe, decide, uploadPdf, waitForClaimStatus, withKnownDocument } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * Money through the whole system (docs/money.md): every active ISO 4217 currency is created,
 * submitted, approved for less and balanced by claims and review, whose money is one module.
 * Before it, claims and review disagreed on the decimals of XOF, XAF, UGX ...: an XOF approval
 * went out as "1000.00", claims refused it, and the claim stayed UNDER_REVIEW for good.
 */

let stack: Stack;
let api: ApiClient;

/**
 * A client that does what a 503 `UPSTREAM.UNAVAILABLE` with Retry-After asks: on a machine shared
 * by several test runs, a reused keep-alive connection is sometimes reset under this load.
 */
class RetryingClient extends ApiClient {
  override async request<T = any>(
    as: DemoUser | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Answer<T>> {
    for (let attempt = 1; ; attempt++) {
      const answer = await super.request<T>(as, method, path, body, headers);
      const unavailable = answer.status === 503 && (answer.body as { code?: string })?.code === 'UPSTREAM.UNAVAILABLE';
      if (!unavailable || attempt === 5) return answer;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Campaigns run on small timers: waits in a batch of 16 claims may take longer than alone. */
const WAIT_MS = 60000;
const BATCH = 16;
const campaignId = (currency: string) => `CMP-ISO-${currency}`;
/** The ISO decimals straight from the package's list (or the amendment newer than it, XCG). */
const isoDigits = (currency: string) => isoRecord(currency)?.digits ?? ISO_4217_AMENDMENTS_AFTER_LIST[currency];
/** A partial approval says what was not approved. */
const PARTIAL = 'The catering on the invoice is not eligible.';

beforeAll(async () => {
  // The batches below send a few hundred requests a second as one partner and one reviewer.
  stack = await bootStack(__filename, { RATE_LIMIT_RPS: '5000', RATE_LIMIT_BURST: '10000' });
  api = new RetryingClient(stack.gateway);
  expectStatus(await api.post('svc-payments', '/programs', CATALOG.program), 201);
  expectStatus(await api.post('svc-payments', `/programs/${CATALOG.program.id}/plans`, CATALOG.plan), 201);
  expectStatus(await api.post('svc-payments', '/partners', CATALOG.partners[0]), 201);
}, 120000);

afterAll(async () => {
  await stack?.close();
});

async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += BATCH) await Promise.all(items.slice(i, i + BATCH).map(run));
}

/** A campaign of 100,000 in `currency` for Northwind, and its pre-approval. */
async function seedCampaign(currency: string): Promise<{ allocated: Money; preApprovalId: string }> {
  const allocated = formatMoney({ minor: 100_000 * 10 ** isoDigits(currency), currency });
  expectStatus(
    await api.post('svc-payments', '/campaigns', {
      id: campaignId(currency),
      planId: CATALOG.plan.id,
      partnerId: 'partner-northwind',
      name: `Webinar paid in ${currency}`,
      activityType: 'webinar',
      startDate: '2026-09-01',
      endDate: '2026-12-31',
      allocated,
    }),
    201,
  );
  const granted = expectStatus(
    await api.post('rita', '/pre-approvals', {
      partnerId: 'partner-northwind',
      campaignId: campaignId(currency),
      description: `Webinar materials, ${currency}`,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-12-31T23:59:59.000Z',
    }),
    201,
  );
  return { allocated, preApprovalId: granted.body.preApprovalId };
}

/** Bob's claim for `claimed`, with details and an invoice for the same amount, submitted. */
async function submittedClaim(currency: string, claimed: Money, preApprovalId: string): Promise<string> {
  const claimId: string = (
    await addPoe(api, 'bob', { campaignId: campaignId(currency), amount: claimed.amount, currency })
  ).body.id;
  expect((await api.get('bob', `/claims/${claimId}`)).body.amount).toEqual(claimed);
  await setDetails(api, 'bob', claimId, {
    claimName: `Webinar ${currency}`,
    claimDate: '2026-10-15',
    estimatedImpressions: 500,
    preApprovalId,
  });
  const invoice = await uploadPdf(api, 'bob', 'invoice', claimId, `Invoice ${currency} for ${claimId}`);
  expectStatus(
    await withKnownDocument(`invoice on ${claimId}`, () =>
      api.put('bob', `/claims/${claimId}/evidence`, {
        invoice: {
          documentId: invoice.id,
          invoiceNumber: `INV-${claimId}`,
          invoiceDate: '2026-10-16',
          vendor: 'Webinar Hosting GmbH',
          amount: claimed,
        },
      }),
    ),
    200,
  );
  expect(expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200).body.status).toBe('SUBMITTED');
  return claimId;
}

/** The campaign's balance once it shows `approved` as committed. */
async function balanceWithApproved(currency: string, approved: Money) {
  return eventually(
    `${currency} balance with ${approved.amount} approved`,
    async () => {
      const b = expectStatus(await api.get('bob', `/campaigns/${campaignId(currency)}/balance`), 200).body;
      return b.approved.amount === approved.amount ? b : undefined;
    },
    WAIT_MS,
  );
}

let xofPreApproval: string;

test('xofClaim_approvedForLess_isApprovedWithTheBalanceExact', async () => {
  const { preApprovalId } = await seedCampaign('XOF');
  xofPreApproval = preApprovalId;
  const claimId = await submittedClaim('XOF', { amount: '1000', currency: 'XOF' }, preApprovalId);
  await decide(api, claimId, 'start-review');

  // The defect's shape: XOF has no decimals, so "900.00" is refused naming the field and rule,
  // and the item still takes a decision.
  const refused = await api.post('rita', `/review/items/${claimId}/approve`, {
    approvedAmount: { amount: '900.00', currency: 'XOF' },
    message: PARTIAL,
  });
  expect(refused.status).toBe(422);
  expect(refused.headers.get('content-type')).toContain('application/problem+json');
  expect(refused.body).toMatchObject({
    code: 'MONEY.AMOUNT_INVALID',
    errors: [{ field: 'approvedAmount.amount', rule: 'currencyPrecision' }],
  });

  await decide(api, claimId, 'approve', { approvedAmount: { amount: '900', currency: 'XOF' }, message: PARTIAL });
  const approved = await waitForClaimStatus(api, 'bob', claimId, 'APPROVED');
  expect(approved.body.approvedAmount).toEqual({ amount: '900', currency: 'XOF' });
  const balance = await balanceWithApproved('XOF', { amount: '900', currency: 'XOF' });
  expect(balance).toMatchObject({
    allocated: { amount: '100000', currency: 'XOF' },
    reserved: { amount: '0', currency: 'XOF' },
    approved: { amount: '900', currency: 'XOF' },
    remaining: { amount: '99100', currency: 'XOF' },
  });
  const item = expectStatus(await api.get('rita', `/review/items/${claimId}`), 200).body;
  expect(item).toMatchObject({ status: 'approved', approvedAmount: { amount: '900', currency: 'XOF' } });
}, 120000);

// The documents service made every report two-decimal: an XOF total went out as "77500.00".
test('xofClaim_withAGeneratedCsr_carriesWholeFrancsToTheClaim', async () => {
  const claimId: string = (
    await addPoe(api, 'bob', { campaignId: campaignId('XOF'), amount: '77500', currency: 'XOF' })
  ).body.id;
  await setDetails(api, 'bob', claimId, {
    claimName: 'Webinar XOF, certified',
    claimDate: '2026-10-15',
    estimatedImpressions: 300,
    preApprovalId: xofPreApproval,
  });
  const report = {
    claimId,
    activityDescription: 'Partner webinar in Dakar',
    executionStartDate: '2026-10-15',
    executionEndDate: '2026-10-15',
    currency: 'XOF',
    costLines: [
      { description: 'Venue', quantity: 1, unitCost: '29500' },
      { description: 'Promotion', quantity: 3, unitCost: '16000' },
    ],
    total: '77500',
    certifiedBy: { name: 'Bob User', title: 'Marketing Manager' },
    statementAccepted: true,
  };
  const tooPrecise = await api.post('bob', '/documents/csr', { ...report, total: '77500.00' });
  expect(tooPrecise.status).toBe(422);
  expect(tooPrecise.body.errors).toEqual([expect.objectContaining({ field: 'total', rule: 'isPositiveAmount' })]);
  const csr = expectStatus(await api.post('bob', '/documents/csr', report), 201).body;
  // The report's total reaches the claims service in its own event, after the document's.
  const withCsr = expectStatus(
    await eventually(`csr ${csr.id} with its total`, async () => {
      const r = await withKnownDocument(`csr ${csr.id}`, () =>
        api.put('bob', `/claims/${claimId}/evidence`, { csr: { documentId: csr.id } }),
      );
      return r.body?.code === 'CLAIM.EVIDENCE_TOTAL_TOO_LOW' && /total 0 /.test(r.body.detail) ? undefined : r;
    }),
    200,
  );
  expect(withCsr.body.evidence).toEqual({ csr: { documentId: csr.id, total: { amount: '77500', currency: 'XOF' } } });
  expect(expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200).body.status).toBe('SUBMITTED');
}, 120000);

test('everyActiveIsoCurrency_createSubmitApproveForLess_balancesToTheMinorUnit', async () => {
  const currencies = CURRENCY_CODES.filter((c) => c !== 'XOF');
  const outcomes: Record<string, string> = {};
  await inBatches(currencies, async (currency) => {
    const digits = isoDigits(currency);
    const unit = 10 ** digits;
    // Every decimal the currency has is used: 12345.99 EUR, 12345 JPY, 12345.999 KWD, 12345.9999 UYW.
    const claimedMinor = 12_345 * unit + unit - 1;
    const approvedMinor = claimedMinor - unit - 1;
    const claimed = formatMoney({ minor: claimedMinor, currency });
    const approvedAmount = formatMoney({ minor: approvedMinor, currency });
    const remaining = formatMoney({ minor: 100_000 * unit - approvedMinor, currency });
    expect([currency, claimed.amount.split('.')[1]?.length ?? 0]).toEqual([currency, digits]);
    try {
      const { allocated, preApprovalId } = await seedCampaign(currency);
      const claimId = await submittedClaim(currency, claimed, preApprovalId);
      await decide(api, claimId, 'start-review');
      await decide(api, claimId, 'approve', { approvedAmount, message: PARTIAL });
      const approved = await eventually(
        `claim ${claimId} approved`,
        async () => {
          const r = expectStatus(await api.get('bob', `/claims/${claimId}`), 200);
          return r.body.status === 'APPROVED' ? r.body : undefined;
        },
        WAIT_MS,
      );
      expect(approved.approvedAmount).toEqual(approvedAmount);
      const balance = await balanceWithApproved(currency, approvedAmount);
      expect(balance).toMatchObject({
        allocated,
        reserved: formatMoney({ minor: 0, currency }),
        approved: approvedAmount,
        remaining,
      });
      outcomes[currency] = 'APPROVED';
    } catch (e) {
      outcomes[currency] = (e as Error).message.slice(0, 300);
    }
  });
  // One line per currency that failed, so a failure names them all.
  expect(Object.entries(outcomes).filter(([, o]) => o !== 'APPROVED')).toEqual([]);
  expect(Object.keys(outcomes).sort()).toEqual(currencies);
}, 300000);
