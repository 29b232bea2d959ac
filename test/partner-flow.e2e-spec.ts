import { ApiClient, eventually, expectStatus } from './e2e/client';
import { ClaimEventSubscriber } from './e2e/claim-events';
import { CATALOG, loadCatalog, setDetails } from './e2e/demo-data';
import { ForeignIdWatch } from './e2e/foreign-ids';
import { addPoe, attachInvoice, attachProof, decide, uploadPdf, waitForClaimStatus, waitInQueue } from './e2e/flow';
import { bootStack, Stack } from './e2e/stack';

/**
 * Scenario 1 of the gateway issue: the partner's whole flow, two review rounds and the outcome,
 * through the gateway only; a separate Kafka subscriber checks every claim event's envelope.
 */

let stack: Stack;
let api: ApiClient;
let subscriber: ClaimEventSubscriber;
let preApprovals: Record<string, string>;
/** Every answer to a partner-side user is scanned for another partner's ids (issue #13). */
const watch = new ForeignIdWatch();

beforeAll(async () => {
  stack = await bootStack(__filename);
  api = new ApiClient(stack.gateway).observe(watch);
  subscriber = new ClaimEventSubscriber(stack.ns);
  await subscriber.start();
  preApprovals = await loadCatalog(api);
  for (const c of CATALOG.campaigns) watch.own(c.partnerId, c.id, preApprovals[c.id]);
}, 120000);

afterEach(() => {
  const leaks = watch.leaks();
  watch.reset();
  expect(leaks).toEqual([]);
});

afterAll(async () => {
  await subscriber?.stop();
  await stack?.close();
});

test('partnerFlow_addPoeToPartialApproval_partnerSeesApprovedAndBalance_andEveryEventIsValid', async () => {
  // Partner: add PoE (Idempotency-Key: a retry returns the same claim).
  const key = `e2e-${Date.now()}`;
  const poe = {
    campaignId: 'CMP-NW-WEBINAR',
    name: 'October webinar',
    executionDate: '2026-10-15',
    amount: { amount: '1250.00', currency: 'EUR' },
  };
  const created = expectStatus(await api.post('bob', '/claims', poe, { 'idempotency-key': key }), 201);
  const claimId: string = created.body.id;
  expect(created.body.status).toBe('EDITING');
  expect(created.headers.get('location')).toBe(`/api/v1/claims/${claimId}`);
  expect(created.headers.get('etag')).toBeTruthy();
  const retried = await api.post('bob', '/claims', poe, { 'idempotency-key': key });
  expect(retried.body.id).toBe(claimId);

  // Claim details, with the pre-approval the review team issued.
  const detailed = await setDetails(api, 'bob', claimId, {
    claimName: 'Security webinar, Oct',
    claimDate: '2026-10-15',
    estimatedImpressions: 1200,
    preApprovalId: preApprovals['CMP-NW-WEBINAR'],
  });
  expect(detailed.body.details.preApprovalId).toBe(preApprovals['CMP-NW-WEBINAR']);

  // Invoice: upload (multipart, streamed through), then the invoice fields.
  const invoice = await uploadPdf(api, 'bob', 'invoice', claimId, 'Invoice INV-2026-0042');
  expect(invoice).toMatchObject({ kind: 'invoice', contentType: 'application/pdf', partnerId: 'partner-northwind' });
  expect(expectStatus(await attachInvoice(api, 'bob', claimId, invoice.id), 200).body.evidence.invoice.documentId).toBe(
    invoice.id,
  );

  // Proof document with its note, then a comment, then submit.
  const proof = await uploadPdf(api, 'bob', 'proof', claimId, 'Screenshot of the live session');
  const withProof = expectStatus(
    await attachProof(api, 'bob', claimId, proof.id, 'Live session with 212 attendees'),
    200,
  );
  expect(withProof.body.proofDocuments).toEqual([
    expect.objectContaining({ documentId: proof.id, note: 'Live session with 212 attendees' }),
  ]);
  expectStatus(
    await api.post('bob', `/claims/${claimId}/comments`, { text: 'Recording and attendee list attached.' }),
    200,
  );
  const submitted = expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200);
  expect(submitted.body.status).toBe('SUBMITTED');
  expect(submitted.body.reserved).toEqual({ amount: '1250.00', currency: 'EUR' });

  // Reviewer: the claim is in the queue; the composed view has both documents with working links.
  expect(await waitInQueue(api, claimId)).toMatchObject({ claimId, partnerId: 'partner-northwind' });
  const view = expectStatus(await api.get('rita', `/review/claims/${claimId}`), 200).body;
  expect(view.claim.id).toBe(claimId);
  expect(view.review).toMatchObject({ claimId, status: 'queued' });
  expect(view.documents.map((d: { documentId: string; role: string }) => [d.documentId, d.role])).toEqual([
    [invoice.id, 'invoice'],
    [proof.id, 'proof'],
  ]);
  const download = await fetch(view.documents[0].download.url);
  expect(download.status).toBe(200);
  expect(
    Buffer.from(await download.arrayBuffer())
      .subarray(0, 5)
      .toString('latin1'),
  ).toBe('%PDF-');

  // Reviewer: start the review, ask for action.
  await decide(api, claimId, 'start-review');
  await decide(api, claimId, 'request-action', {
    reasonCodes: ['INVOICE_DETAILS_MISSING'],
    message: 'The invoice number on the form does not match the file.',
  });
  const actionRequired = await waitForClaimStatus(api, 'bob', claimId, 'ACTION_REQUIRED');
  expect(actionRequired.body.decision).toMatchObject({ reasonCodes: ['INVOICE_DETAILS_MISSING'] });

  // Partner: fixes the invoice fields (the claim reopens) and resubmits.
  const fixed = expectStatus(await attachInvoice(api, 'bob', claimId, invoice.id, 'INV-2026-0042-A'), 200);
  expect(fixed.body.status).toBe('EDITING');
  expect(expectStatus(await api.post('bob', `/claims/${claimId}/submit`), 200).body.status).toBe('SUBMITTED');

  // Reviewer: approves a lower amount, with the message a partial approval needs.
  await decide(api, claimId, 'start-review');
  await decide(api, claimId, 'approve', {
    approvedAmount: { amount: '1000.00', currency: 'EUR' },
    message: 'Catering is not eligible.',
  });

  // Partner: APPROVED for 1000.00, and the campaign balance shows it exactly.
  const approved = await waitForClaimStatus(api, 'bob', claimId, 'APPROVED');
  expect(approved.body.approvedAmount).toEqual({ amount: '1000.00', currency: 'EUR' });
  const balance = await eventually('balance with the approval', async () => {
    const b = expectStatus(await api.get('bob', '/campaigns/CMP-NW-WEBINAR/balance'), 200);
    return b.body.approved.amount === '1000.00' ? b.body : undefined;
  });
  expect(balance).toMatchObject({
    allocated: { amount: '50000.00', currency: 'EUR' },
    reserved: { amount: '0.00', currency: 'EUR' },
    approved: { amount: '1000.00', currency: 'EUR' },
    remaining: { amount: '49000.00', currency: 'EUR' },
  });
  const history = expectStatus(await api.get('bob', `/claims/${claimId}/history`), 200).body;
  expect(history).toMatchObject({ claimId, status: 'APPROVED' });
  expect(history.items.length).toBeGreaterThanOrEqual(8);

  // A separate subscriber got every claim event, each with a valid envelope.
  const expected = [
    'poe.claims.claim.created.v1',
    'poe.claims.claim.evidence-attached.v1',
    'poe.claims.claim.submitted.v1',
    'poe.claims.claim.review-started.v1',
    'poe.claims.claim.action-required.v1',
    'poe.claims.claim.approved.v1',
  ];
  const types = await eventually('the approval event on the topic', async () => {
    const t = subscriber.typesFor(claimId);
    return t.includes('poe.claims.claim.approved.v1') ? t : undefined;
  });
  for (const type of expected) expect(types).toContain(type);
  expect(types.filter((t) => t === 'poe.claims.claim.submitted.v1')).toHaveLength(2);
  expect(subscriber.invalid).toEqual([]);
  for (const e of subscriber.events.filter((ev) => ev.subject === claimId)) {
    expect(e).toMatchObject({ specversion: '1.0', subject: claimId, datacontenttype: 'application/json' });
    expect(e.correlationid).toBeTruthy();
  }
}, 120000);

test('addPoe_forTheOtherPartnersCampaign_isRefusedAsUnknownCampaign', async () => {
  const r = await api.post('bob', '/claims', {
    campaignId: 'CMP-CT-SEARCH',
    name: 'Not ours',
    executionDate: '2026-10-15',
    amount: { amount: '10.00', currency: 'USD' },
  });
  expect(r.status).toBe(422);
  expect(r.body.errors).toEqual([expect.objectContaining({ field: 'campaignId' })]);
  // And the draft of the other partner never shows in bob's list.
  const dave = (await addPoe(api, 'dave', { campaignId: 'CMP-CT-SEARCH', currency: 'USD', amount: '10.00' })).body;
  const bobs = expectStatus(await api.get('bob', '/claims?limit=100'), 200).body.items as { id: string }[];
  expect(bobs.map((c) => c.id)).not.toContain(dave.id);
}, 60000);

test('preApprovals_partnerListsItsActivePreApprovalForTheCampaign_reviewerListsAll', async () => {
  const own = expectStatus(await api.get('bob', '/pre-approvals?campaignId=CMP-NW-WEBINAR&status=active'), 200);
  expect(own.body.items).toEqual([
    expect.objectContaining({ preApprovalId: preApprovals['CMP-NW-WEBINAR'], partnerId: 'partner-northwind' }),
  ]);
  const all = expectStatus(await api.get('rita', '/pre-approvals'), 200);
  expect(all.body.items.map((p: { preApprovalId: string }) => p.preApprovalId).sort()).toEqual(
    Object.values(preApprovals).sort(),
  );
  // Another partner's pre-approval is not found, not forbidden.
  expect((await api.get('dave', `/pre-approvals/${preApprovals['CMP-NW-WEBINAR']}`)).status).toBe(404);
});
