import { Answer, ApiClient, DemoUser, eventually, expectStatus, smallPdf } from './client';
import { setDetails } from './demo-data';

/** The partner's and the reviewer's steps as a client performs them, waiting where the system is eventual. */

const retryable = (r: Answer, codes: string[]) => r.status >= 400 && codes.includes(r.body?.code);

export async function addPoe(
  api: ApiClient,
  user: DemoUser,
  poe: { campaignId: string; name?: string; executionDate?: string; amount?: string; currency?: string },
) {
  const created = await api.post(user, '/claims', {
    campaignId: poe.campaignId,
    name: poe.name ?? 'October webinar',
    executionDate: poe.executionDate ?? '2026-10-15',
    amount: { amount: poe.amount ?? '1250.00', currency: poe.currency ?? 'EUR' },
  });
  return expectStatus(created, 201);
}

/** Uploads a PDF through the gateway (multipart, streamed) and returns the document. */
export async function uploadPdf(
  api: ApiClient,
  user: DemoUser,
  kind: 'invoice' | 'proof',
  claimId: string,
  text: string,
) {
  return expectStatus(await api.upload(user, kind, smallPdf(text), `${kind}-${claimId}.pdf`, claimId), 201).body;
}

/**
 * A change naming a document, repeated while the claims service has not yet heard of the upload
 * (it learns documents from events): CLAIM.DOCUMENT_UNKNOWN (or, for a report, DOCUMENT_NOT_READY) then means "not yet".
 */
export async function withKnownDocument(what: string, send: () => Promise<Answer>): Promise<Answer> {
  let last: Answer | undefined;
  try {
    return await eventually(what, async () => {
      last = await send();
      // Alone it is the code; with other broken rules it is listed in CLAIM.RULES_VIOLATED's detail.
      const notYet = ['CLAIM.DOCUMENT_UNKNOWN', 'CLAIM.DOCUMENT_NOT_READY'];
      return last.status === 422 && notYet.some((code) => JSON.stringify(last!.body).includes(code)) ? undefined : last;
    });
  } catch (e) {
    throw new Error(`${(e as Error).message}; last answer: ${last?.describe}`);
  }
}

export async function attachInvoice(
  api: ApiClient,
  user: DemoUser,
  claimId: string,
  documentId: string,
  invoiceNumber = 'INV-2026-0042',
) {
  return withKnownDocument(`invoice ${documentId} on ${claimId}`, () =>
    api.put(user, `/claims/${claimId}/evidence`, {
      invoice: {
        documentId,
        invoiceNumber,
        invoiceDate: '2026-10-16',
        vendor: 'Webinar Hosting GmbH',
        amount: { amount: '1250.00', currency: 'EUR' },
      },
    }),
  );
}

export async function attachProof(api: ApiClient, user: DemoUser, claimId: string, documentId: string, note: string) {
  return withKnownDocument(`proof ${documentId} on ${claimId}`, () =>
    api.post(user, `/claims/${claimId}/proof-documents`, { documentId, note }),
  );
}

/** Decisions whose funds step follows the status write (the claim's `reserved` goes to null after it). */
const SETTLED_BY_FUNDS = new Set(['APPROVED', 'REJECTED']);

/**
 * The claim in `status`; for an approval or a rejection also its funds step done (the status is
 * written first, the campaign's funds move right after), so a balance read next sees the decision.
 */
export async function waitForClaimStatus(api: ApiClient, user: DemoUser, claimId: string, status: string) {
  const settled = SETTLED_BY_FUNDS.has(status);
  return eventually(`claim ${claimId} in ${status}${settled ? ', funds settled' : ''}`, async () => {
    const r = expectStatus(await api.get(user, `/claims/${claimId}`), 200);
    return r.body.status === status && (!settled || r.body.reserved === null) ? r : undefined;
  });
}

export async function waitInQueue(api: ApiClient, claimId: string, status = 'queued') {
  return eventually(`${claimId} ${status} in the review queue`, async () => {
    const r = expectStatus(await api.get('rita', `/review/items?status=${status}&limit=200`), 200);
    return (r.body.items as { claimId: string }[]).find((i) => i.claimId === claimId);
  });
}

/**
 * A reviewer's decision, repeated while the review item still waits for the claims service to
 * confirm the previous one (409 DECISION_IN_PROGRESS / ILLEGAL_TRANSITION while it catches up).
 */
export async function decide(api: ApiClient, claimId: string, action: string, body: object = {}) {
  return eventually(`${action} on ${claimId}`, async () => {
    const r = await api.post('rita', `/review/items/${claimId}/${action}`, body);
    if (
      retryable(r, [
        'REVIEW.DECISION_IN_PROGRESS',
        'REVIEW.ILLEGAL_TRANSITION',
        'REVIEW.ITEM_NOT_FOUND',
        'REVIEW.ITEM_NOT_YET',
        'REVIEW.NOT_SUBMITTED',
      ])
    ) {
      return undefined;
    }
    return expectStatus(r, 202);
  });
}

/** A complete draft of bob's on the Northwind webinar (or another Northwind campaign): details, invoice, one proof with its note. */
export async function readyDraft(
  api: ApiClient,
  preApprovalId: string,
  opts: { amount?: string; campaignId?: string } = {},
) {
  const claim = (await addPoe(api, 'bob', { campaignId: opts.campaignId ?? 'CMP-NW-WEBINAR', amount: opts.amount }))
    .body;
  await setDetails(api, 'bob', claim.id, {
    claimName: 'Security webinar, Oct',
    claimDate: '2026-10-15',
    estimatedImpressions: 1200,
    preApprovalId,
  });
  const invoice = await uploadPdf(api, 'bob', 'invoice', claim.id, `Invoice for ${claim.id}`);
  expectStatus(await attachInvoice(api, 'bob', claim.id, invoice.id, `INV-${claim.id}`), 200);
  return { claimId: claim.id as string, invoiceId: invoice.id as string };
}
