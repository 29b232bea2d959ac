import { TOPICS } from '@poe/contracts';
import { parse } from 'csv-parse/sync';
import { EX } from '../apps/gateway/src/route-examples';
import { ClaimEventSubscriber } from './e2e/claim-events';
import { ApiClient, eventually, expectStatus } from './e2e/client';
import { loadCatalog } from './e2e/demo-data';
import { addPoe, decide, readyDraft, waitForClaimStatus, waitInQueue } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * Bulk allocations by CSV and the finance export, through the gateway as an admin tool and a
 * finance system would use them (docs/allocations.md).
 */

let stack: Stack;
let api: ApiClient;
let preApprovals: Record<string, string>;
let funds: ClaimEventSubscriber;

const HEADER = 'partnerId,campaignId,allocationId,amount,currency,planId,name,activityType,startDate,endDate';
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';
const CSV = { 'content-type': 'text/csv; charset=utf-8' };
const dryRun = (body: string | Buffer, as: 'rita' | 'svc-payments' = 'rita') =>
  api.request(as, 'POST', '/allocations/dry-run', body, CSV);
const apply = (body: string, as: 'rita' | 'svc-payments' = 'svc-payments') =>
  api.request(as, 'POST', '/allocations/apply', body, CSV);
const balance = async (campaignId: string) =>
  expectStatus(await api.get('rita', `/campaigns/${campaignId}/balance`), 200).body;
let seq = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++seq}`;
const newCampaignRow = (campaignId: string, ref: string, amount: string, partner = 'partner-contoso') =>
  `${partner},${campaignId},${ref},${amount},EUR,PLN-DIGITAL-2026,Events ${campaignId},event,2027-01-01,2027-06-30`;
const fundsEventsOf = (campaignId: string) =>
  funds.events.filter((e) => e.subject === campaignId).map((e) => e.data as Record<string, any>);

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway);
  preApprovals = await loadCatalog(api);
  funds = new ClaimEventSubscriber(stack.ns, TOPICS.campaign);
  await funds.start();
}, 120000);

afterAll(async () => {
  await funds?.stop();
  await stack?.close();
});

describe('allocations by CSV', () => {
  test('dryRun_reportsEachLinesOutcomeAndEveryProblemByLineFieldAndRule_andChangesNothing', async () => {
    const created = unique('CMP-DRY');
    const before = await balance('CMP-NW-WEBINAR');
    const r = expectStatus(
      await dryRun(
        file(
          'partner-northwind,CMP-NW-WEBINAR,DRY-1,5000.00,EUR,,,,,',
          newCampaignRow(created, 'DRY-2', '20000.00'),
          `partner-contoso,${unique('CMP-HALF')},DRY-3,100.00,EUR,,Half a campaign,,,`,
          'partner-contoso,CMP-CT-SEARCH,DRY-4,100.00,EUR,,,,,',
          'partner-northwind,CMP-NW-TRADESHOW,DRY-5,12.345,EUR,,,,,',
          // Tops up the campaign line 3 creates: decided on the catalog as the earlier lines leave it.
          `partner-contoso,${created},DRY-6,500.00,EUR,,,,,`,
        ),
      ),
      200,
    );
    expect(r.body.valid).toBe(false);
    expect(r.body.summary).toEqual({ createCampaign: 1, allocate: 2, unchanged: 0, invalid: 3 });
    expect(r.body.lines.map((l: any) => [l.line, l.outcome])).toEqual([
      [2, 'allocate'],
      [3, 'create_campaign'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'invalid'],
      [7, 'allocate'],
    ]);
    expect(r.body.errors.map((e: any) => [e.line, e.field, e.rule, e.code])).toEqual([
      [4, 'planId', 'requiredForNewCampaign', 'ALLOCATION.FIELD_REQUIRED'],
      [4, 'activityType', 'requiredForNewCampaign', 'ALLOCATION.FIELD_REQUIRED'],
      [4, 'startDate', 'requiredForNewCampaign', 'ALLOCATION.FIELD_REQUIRED'],
      [4, 'endDate', 'requiredForNewCampaign', 'ALLOCATION.FIELD_REQUIRED'],
      [5, 'currency', 'sameCurrencyAsCampaign', 'ALLOCATION.CURRENCY_MISMATCH'],
      [6, 'amount', 'currencyPrecision', 'MONEY.AMOUNT_INVALID'],
    ]);
    // Nothing changed.
    expect(await balance('CMP-NW-WEBINAR')).toEqual(before);
    expect((await api.get('rita', `/campaigns/${created}`)).status).toBe(404);
  });

  test('dryRun_ofTheDocumentedExample_answersTheDocumentedShape', async () => {
    const r = expectStatus(await dryRun(EX.allocationCsv), 200);
    expect(r.body.lines.map((l: any) => l.outcome)).toEqual(['allocate', 'create_campaign']);
    expect(Object.keys(r.body).sort()).toEqual(Object.keys(EX.allocationDryRun).sort());
  });

  test('apply_withABadLine_is422NamingLineFieldAndRule_andAppliesNoLine', async () => {
    const created = unique('CMP-BAD');
    const before = await balance('CMP-NW-WEBINAR');
    const r = expectStatus(
      await apply(
        file(
          'partner-northwind,CMP-NW-WEBINAR,BAD-1,10.00,EUR,,,,,',
          newCampaignRow(created, 'BAD-2', '300.00'),
          'partner-contoso,CMP-NW-WEBINAR,BAD-3,10.00,EUR,,,,,',
        ),
      ),
      422,
    );
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.code).toBe('ALLOCATIONS.LINES_INVALID');
    expect(r.body.errors).toEqual([
      {
        line: 4,
        field: 'partnerId',
        rule: 'matchesCampaign',
        code: 'ALLOCATION.CAMPAIGN_MISMATCH',
        message: expect.stringContaining('partner-northwind'),
      },
    ]);
    expect(await balance('CMP-NW-WEBINAR')).toEqual(before);
    expect((await api.get('rita', `/campaigns/${created}`)).status).toBe(404);
  });

  test('apply_appliesEachLineOnceWithItsFundsEvent_andTheSameFileAgainChangesNothing', async () => {
    const created = unique('CMP-NEW');
    const ref = unique('TOPUP');
    const csv = file(
      `partner-northwind,CMP-NW-TRADESHOW,${ref},2500.50,EUR,,Northwind trade show booth,,,`,
      newCampaignRow(created, 'FIRST', '10000.00'),
      `partner-contoso,${created},SECOND,1000.00,EUR,,,,,`,
    );
    const before = await balance('CMP-NW-TRADESHOW');
    const first = expectStatus(await apply(csv), 200);
    expect(first.body.summary).toEqual({ campaignCreated: 1, allocated: 2, unchanged: 0, refused: 0 });
    expect(first.body.lines.map((l: any) => [l.line, l.outcome])).toEqual([
      [2, 'allocated'],
      [3, 'campaign_created'],
      [4, 'allocated'],
    ]);
    const topped = await balance('CMP-NW-TRADESHOW');
    expect(Number(topped.allocated.amount) - Number(before.allocated.amount)).toBeCloseTo(2500.5, 2);
    expect(Number(topped.remaining.amount) - Number(before.remaining.amount)).toBeCloseTo(2500.5, 2);
    expect(topped.revision).toBe(before.revision + 1);
    const campaign = expectStatus(await api.get('rita', `/campaigns/${created}`), 200).body;
    expect(campaign).toMatchObject({
      partnerId: 'partner-contoso',
      planId: 'PLN-DIGITAL-2026',
      programId: 'PRG-COOP-2026',
      startDate: '2027-01-01',
      endDate: '2027-06-30',
      allocated: { amount: '11000.00', currency: 'EUR' },
      balance: { revision: 2, remaining: { amount: '11000.00', currency: 'EUR' } },
    });
    // The partner sees its new campaign and can claim on it at once.
    expectStatus(
      await api.post('dave', '/claims', {
        campaignId: created,
        name: 'Spring event',
        executionDate: '2027-02-01',
        amount: { amount: '100.00', currency: 'EUR' },
      }),
      201,
    );

    const again = expectStatus(await apply(csv), 200);
    expect(again.body.summary).toEqual({ campaignCreated: 0, allocated: 0, unchanged: 3, refused: 0 });
    expect(await balance('CMP-NW-TRADESHOW')).toEqual(topped);
    expect((await balance(created)).revision).toBe(2);

    // One funds event per allocation, carrying its reference and the balance after it; none for the re-apply.
    const events = await eventually('funds events of the new campaign', async () =>
      fundsEventsOf(created).length >= 2 ? fundsEventsOf(created) : undefined,
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(fundsEventsOf(created).map((d) => [d.revision, d.reason, d.allocationId, d.allocated.amount])).toEqual([
      [1, 'allocated', 'FIRST', '10000.00'],
      [2, 'allocated', 'SECOND', '11000.00'],
    ]);
    expect(events).toHaveLength(2);
    expect(fundsEventsOf('CMP-NW-TRADESHOW').filter((d) => d.allocationId === ref)).toHaveLength(1);
  });

  test('apply_afterAnInterruptedApply_appliesOnlyTheLinesNotAppliedYet', async () => {
    // What a crash after line 3 leaves: those lines applied (each in its one write), the rest not.
    const created = unique('CMP-RETRY');
    const rows = [newCampaignRow(created, 'R1', '100.00'), `partner-contoso,${created},R2,200.00,EUR,,,,,`];
    const rest = [`partner-contoso,${created},R3,300.00,EUR,,,,,`, `partner-contoso,${created},R4,400.00,EUR,,,,,`];
    expectStatus(await apply(file(...rows)), 200);
    const retry = expectStatus(await apply(file(...rows, ...rest)), 200);
    expect(retry.body.lines.map((l: any) => l.outcome)).toEqual(['unchanged', 'unchanged', 'allocated', 'allocated']);
    expect(await balance(created)).toMatchObject({ revision: 4, allocated: { amount: '1000.00' } });
  });

  test('apply_sameFileTwiceAtOnce_countsEachAllocationOnce', async () => {
    const created = unique('CMP-RACE');
    const csv = file(
      newCampaignRow(created, 'A1', '100.00'),
      ...Array.from({ length: 5 }, (_, i) => `partner-contoso,${created},A${i + 2},10.00,EUR,,,,,`),
    );
    const answers = await Promise.all([apply(csv, 'svc-payments'), apply(csv, 'rita'), apply(csv, 'svc-payments')]);
    for (const a of answers) expectStatus(a, 200);
    const applied = answers.flatMap((a) => a.body.lines.filter((l: any) => l.outcome !== 'unchanged'));
    expect(applied).toHaveLength(6);
    expect(await balance(created)).toMatchObject({
      revision: 6,
      allocated: { amount: '150.00' },
      remaining: { amount: '150.00' },
    });
  });

  test('apply_theSameReferenceWithAnotherAmount_isRefusedNamingAllocationId', async () => {
    const created = unique('CMP-REUSE');
    expectStatus(await apply(file(newCampaignRow(created, 'REF-1', '100.00'))), 200);
    const r = expectStatus(await apply(file(newCampaignRow(created, 'REF-1', '150.00'))), 422);
    expect(r.body.errors.map((e: any) => [e.line, e.field, e.rule, e.code])).toEqual([
      [2, 'allocationId', 'sameAsApplied', 'ALLOCATION.REFERENCE_REUSED'],
    ]);
    expect(await balance(created)).toMatchObject({ revision: 1, allocated: { amount: '100.00' } });
  });

  test('apply_aNegativeLine_takesBackRemainingFundsOnly_reservedFundsStay_andCountsOnce', async () => {
    const created = unique('CMP-BACK');
    const row = `partner-northwind,${created},IN-1,1000.00,EUR,PLN-DIGITAL-2026,Webinars ${created},webinar,2026-01-01,2026-12-31`;
    expectStatus(await apply(file(row)), 200);
    // A submitted claim of bob's holds 600.00 of it.
    const granted = expectStatus(
      await api.post('rita', '/pre-approvals', {
        partnerId: 'partner-northwind',
        campaignId: created,
        description: 'Webinar series',
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-12-31T23:59:59.000Z',
      }),
      201,
    ).body.preApprovalId as string;
    const { claimId } = await readyDraft(api, granted, { amount: '600.00', campaignId: created });
    expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);
    expect(await balance(created)).toMatchObject({ reserved: { amount: '600.00' }, remaining: { amount: '400.00' } });

    // More than remains is refused, in the dry run and on apply, naming the line, field and rule.
    const tooMuch = file(`partner-northwind,${created},OUT-1,-400.01,EUR,,,,,`);
    const dry = expectStatus(await dryRun(tooMuch), 200);
    expect(dry.body.errors.map((e: any) => [e.line, e.field, e.rule, e.code])).toEqual([
      [2, 'amount', 'atMostRemaining', 'ALLOCATION.REDUCTION_EXCEEDS_REMAINING'],
    ]);
    expectStatus(await apply(tooMuch), 422);
    const back = file(`partner-northwind,${created},OUT-1,-400.00,EUR,,,,,`);
    expect(expectStatus(await apply(back), 200).body.lines.map((l: any) => l.outcome)).toEqual(['allocated']);
    const after = await balance(created);
    expect(after).toMatchObject({
      allocated: { amount: '600.00' },
      reserved: { amount: '600.00' },
      remaining: { amount: '0.00' },
    });
    // The same line again changes nothing.
    expect(expectStatus(await apply(back), 200).body.summary).toMatchObject({ unchanged: 1, allocated: 0 });
    expect(await balance(created)).toEqual(after);
    const events = await eventually('the reduction event', async () =>
      fundsEventsOf(created).find((d) => d.allocationId === 'OUT-1'),
    );
    expect(events).toMatchObject({ reason: 'allocated', allocated: { amount: '600.00' } });
  });

  test('allocationFile_thatCannotBeRead_isRefusedAsAWhole', async () => {
    const row = 'partner-northwind,CMP-NW-WEBINAR,X-1,1.00,EUR,,,,,';
    const json = await api.post('rita', '/allocations/dry-run', { lines: [] });
    expect([json.status, json.body.code]).toEqual([415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE']);
    const latin1 = await api.request('rita', 'POST', '/allocations/dry-run', file(row), {
      'content-type': 'text/csv; charset=iso-8859-1',
    });
    expect(latin1.status).toBe(415);
    const notUtf8 = await dryRun(Buffer.concat([Buffer.from(file(row)), Buffer.from([0xe9, 0x0d, 0x0a])]));
    expect([notUtf8.status, notUtf8.body.errors?.[0]?.rule]).toEqual([400, 'isUtf8']);
    const header = await dryRun('partnerId,campaign,amount\r\nx,y,1\r\n');
    expect(header.status).toBe(422);
    expect(header.body.errors.map((e: any) => [e.line, e.field, e.rule])).toEqual([
      [1, 'campaign', 'knownColumn'],
      [1, 'campaignId', 'requiredColumn'],
      [1, 'allocationId', 'requiredColumn'],
      [1, 'currency', 'requiredColumn'],
    ]);
    const big = await dryRun(file(...Array.from({ length: 25_000 }, (_, i) => row.replace('X-1', `X-${i}`))));
    expect([big.status, big.body.code]).toEqual([413, 'ALLOCATIONS.FILE_TOO_LARGE']);
    const many = await dryRun(file(...Array.from({ length: 5001 }, (_, i) => `p,c,${i},1,EUR,,,,,`)));
    expect([many.status, many.body.code]).toEqual([422, 'ALLOCATIONS.TOO_MANY_LINES']);
    // A partner's admin may not allocate funds.
    const alice = await api.request('alice', 'POST', '/allocations/apply', file(row), CSV);
    expect([alice.status, alice.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
  });
});

describe('finance export of claims', () => {
  const rowsOf = (text: string): Record<string, string>[] => parse(text, { columns: true });

  test('export_streamsEveryClaimTheCallerMaySee_asCsvWithAmountsStatusAndDates', async () => {
    // More claims than any list page holds, and one approved for less than claimed.
    const drafts = await Promise.all(
      Array.from({ length: 230 }, (_, i) =>
        addPoe(api, i % 2 ? 'bob' : 'dave', {
          campaignId: i % 2 ? 'CMP-NW-WEBINAR' : 'CMP-CT-SEARCH',
          amount: '1.25',
          currency: i % 2 ? 'EUR' : 'USD',
          name: i === 0 ? '=HYPERLINK("http://evil")' : `Export PoE ${i}`,
        }).then((r) => r.body.id as string),
      ),
    );
    const { claimId } = await readyDraft(api, preApprovals['CMP-NW-WEBINAR'], { amount: '800.00' });
    expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);
    await waitInQueue(api, claimId);
    await decide(api, claimId, 'start-review');
    await waitForClaimStatus(api, 'bob', claimId, 'UNDER_REVIEW');
    await decide(api, claimId, 'approve', {
      approvedAmount: { amount: '650.00', currency: 'EUR' },
      message: 'Catering is not eligible.',
      reasonCodes: ['PARTIAL_APPROVAL'],
    });
    await waitForClaimStatus(api, 'bob', claimId, 'APPROVED');

    const res = await fetch(`${stack.gateway}/api/v1/exports/claims`, {
      headers: { authorization: `Bearer ${await api.token('rita')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="claims-\d{4}-\d{2}-\d{2}\.csv"$/);
    // Streamed: no length announced, chunked through the gateway.
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(EX.claimsExportCsv.split('\r\n')[0]);
    const rows = rowsOf(text);
    const byId = new Map(rows.map((r) => [r.claimId, r]));
    expect(drafts.every((id) => byId.has(id))).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(231);
    // Oldest first, each claim once.
    expect(rows.map((r) => r.claimId)).toEqual([...rows.map((r) => r.claimId)].sort());
    expect(byId.size).toBe(rows.length);
    expect(byId.get(claimId)).toMatchObject({
      partnerId: 'partner-northwind',
      campaignId: 'CMP-NW-WEBINAR',
      status: 'APPROVED',
      currency: 'EUR',
      claimedAmount: '800.00',
      reimbursableAmount: '800.00',
      approvedAmount: '650.00',
      submittedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      decidedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(byId.get(drafts[1])).toMatchObject({
      status: 'EDITING',
      claimedAmount: '1.25',
      reimbursableAmount: '',
      approvedAmount: '',
      decidedAt: '',
    });
    expect(byId.get(drafts[0])!.name).toBe(`'=HYPERLINK("http://evil")`);

    // Filters, as on the list.
    const approved = rowsOf(
      (await api.get('svc-payments', '/exports/claims?status=APPROVED&partnerId=partner-northwind')).body,
    );
    expect(approved.map((r) => r.claimId)).toContain(claimId);
    expect(approved.every((r) => r.status === 'APPROVED' && r.partnerId === 'partner-northwind')).toBe(true);
  }, 120000);

  test('export_asAPartnersAdmin_holdsOnlyItsOwnPartnersClaims_andAPartnerUserMayNotExport', async () => {
    const own = (await addPoe(api, 'bob', { campaignId: 'CMP-NW-WEBINAR', amount: '2.00' })).body.id;
    const foreign = (await addPoe(api, 'dave', { campaignId: 'CMP-CT-SEARCH', amount: '2.00', currency: 'USD' })).body
      .id;
    const alice = await api.get('alice', '/exports/claims');
    expect(alice.status).toBe(200);
    const rows = rowsOf(alice.body);
    expect(rows.map((r) => r.claimId)).toContain(own);
    expect(rows.map((r) => r.claimId)).not.toContain(foreign);
    expect(new Set(rows.map((r) => r.partnerId))).toEqual(new Set(['partner-northwind']));
    const asked = await api.get('alice', '/exports/claims?partnerId=partner-contoso');
    expect(rowsOf(asked.body)).toEqual([]);
    const bob = await api.get('bob', '/exports/claims');
    expect([bob.status, bob.body.code]).toEqual([403, 'AUTH.FORBIDDEN']);
    const bad = await api.get('rita', '/exports/claims?status=PAID_TWICE');
    expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'query.status']);
  });
});
