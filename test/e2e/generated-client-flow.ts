import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@poe/api-client';

/**
 * The partner's and the reviewer's flow written against types generated from the published
 * OpenAPI document (openapi-typescript) and called with openapi-fetch: a client nobody here wrote.
 * It imports nothing of this repository but those types, so the e2e test can type-check it alone
 * against types freshly generated from the live document (a renamed or retyped field breaks it).
 */

export interface FlowInput {
  baseUrl: string;
  tokens: { partner: string; reviewer: string };
  preApprovalId: string;
  pdf: (text: string) => Blob;
  /** Called with every answer: the e2e test checks the 2xx ones against the document. */
  onAnswer: (method: string, schemaPath: string, status: number, body: unknown) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Repeats `attempt` while it answers one of the "not yet" codes (the system applies events asynchronously). */
async function untilApplied<T extends { response: Response; error?: unknown }>(
  attempt: () => Promise<T>,
  notYet: string[],
  timeoutMs = 20000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await attempt();
    const code = (answer.error as { code?: string } | undefined)?.code ?? '';
    const detail = JSON.stringify(answer.error ?? '');
    const waiting = notYet.some((c) => c === code || detail.includes(c)) || answer.response.status === 404;
    if (!answer.error || !waiting || Date.now() > deadline) return answer;
    await sleep(150);
  }
}

const must = <T>(what: string, answer: { data?: T; error?: unknown; response: Response }): T => {
  if (answer.data === undefined || answer.error)
    throw new Error(`${what}: ${answer.response.status} ${JSON.stringify(answer.error)}`);
  return answer.data;
};

export async function runGeneratedClientFlow(input: FlowInput) {
  const observe: Middleware = {
    async onResponse({ request, response, schemaPath }) {
      const text = await response.clone().text();
      input.onAnswer(request.method, schemaPath, response.status, text ? JSON.parse(text) : undefined);
    },
  };
  const as = (token: string) => {
    const client = createClient<paths>({
      baseUrl: input.baseUrl,
      headers: { authorization: `Bearer ${token}` },
      // The document publishes list parameters as `style: form, explode: false` (`status=a,b`).
      querySerializer: { array: { style: 'form', explode: false } },
    });
    client.use(observe);
    return client;
  };
  const partner = as(input.tokens.partner);
  const reviewer = as(input.tokens.reviewer);

  // Partner: add PoE, details, upload the invoice, invoice fields, submit.
  const created = must(
    'create claim',
    await partner.POST('/api/v1/claims', {
      params: { header: { 'Idempotency-Key': `gen-client-${Date.now()}` } },
      body: {
        campaignId: 'CMP-NW-WEBINAR',
        name: 'October webinar',
        executionDate: '2026-10-15',
        amount: { amount: '1250.00', currency: 'EUR' },
      },
    }),
  );
  const claimId: string = created.id;
  const status:
    | 'EDITING'
    | 'SUBMITTED'
    | 'UNDER_REVIEW'
    | 'APPROVED'
    | 'REJECTED'
    | 'ACTION_REQUIRED'
    | 'WITHDRAWN'
    | 'EXPIRED'
    | 'DISPUTED' = created.status;
  if (status !== 'EDITING') throw new Error(`a new claim is ${status}`);

  const detailed = must(
    'claim details',
    await untilApplied(
      () =>
        partner.PATCH('/api/v1/claims/{claimId}', {
          params: { path: { claimId } },
          body: {
            claimName: 'Security webinar, Oct',
            claimDate: '2026-10-15',
            estimatedImpressions: 1200,
            preApprovalId: input.preApprovalId,
          },
        }),
      ['CLAIM.PRE_APPROVAL_UNKNOWN'],
    ),
  );
  const impressions: number | null = detailed.details.estimatedImpressions;

  const invoice = must(
    'upload invoice',
    await partner.POST('/api/v1/documents', {
      body: { kind: 'invoice', claimId, file: '' },
      bodySerializer: () => {
        const form = new FormData();
        form.append('kind', 'invoice');
        form.append('claimId', claimId);
        form.append('file', input.pdf(`Invoice for ${claimId}`), `invoice-${claimId}.pdf`);
        return form;
      },
    }),
  );
  const documentId: string = invoice.id;

  // The upload's receipt lets the claim use the document at once, whether or not its event arrived.
  const receipt: string | undefined = invoice.receipt;
  const withEvidence = must(
    'invoice fields',
    await partner.PUT('/api/v1/claims/{claimId}/evidence', {
      params: { path: { claimId } },
      body: {
        invoice: {
          documentId,
          invoiceNumber: `INV-${claimId}`,
          invoiceDate: '2026-10-16',
          vendor: 'Webinar Hosting GmbH',
          amount: { amount: '1250.00', currency: 'EUR' },
          receipt,
        },
      },
    }),
  );
  const evidenceDocument: string | undefined = withEvidence.evidence?.invoice?.documentId;

  const submitted = must(
    'submit',
    await partner.POST('/api/v1/claims/{claimId}/submit', {
      params: { path: { claimId }, header: { 'Idempotency-Key': `gen-submit-${claimId}` } },
    }),
  );
  const reserved: string | undefined = submitted.reserved?.amount;
  // The answered submit is in the next read: the partner's submitted claims, newest first.
  const listed = must(
    'list claims',
    await partner.GET('/api/v1/claims', { params: { query: { status: 'SUBMITTED', limit: 5 } } }),
  );
  const listedSubmitted = listed.items.some((c) => c.id === claimId);

  // Reviewer: start the review, then approve part of the amount.
  must(
    'start review',
    await untilApplied(
      () => reviewer.POST('/api/v1/review/items/{claimId}/start-review', { params: { path: { claimId } }, body: {} }),
      ['REVIEW.ITEM_NOT_YET', 'REVIEW.ITEM_NOT_FOUND', 'REVIEW.NOT_SUBMITTED', 'REVIEW.DECISION_IN_PROGRESS'],
    ),
  );
  // The published query parameters, typed: the queue filtered by a list of statuses (comma-separated)
  // and a boolean, with an integer page size.
  let queued = false;
  for (const deadline = Date.now() + 20000; !queued && Date.now() < deadline;) {
    const queue = must(
      'review queue',
      await reviewer.GET('/api/v1/review/items', {
        params: { query: { status: ['queued', 'in_review'], assignedToMe: false, limit: 200 } },
      }),
    );
    queued = queue.items.some((item) => item.claimId === claimId);
    if (!queued) await sleep(150);
  }

  const approved = must(
    'approve',
    await untilApplied(
      () =>
        reviewer.POST('/api/v1/review/items/{claimId}/approve', {
          params: { path: { claimId } },
          body: { approvedAmount: { amount: '1000.00', currency: 'EUR' }, message: 'Catering is not eligible.' },
        }),
      ['REVIEW.DECISION_IN_PROGRESS', 'REVIEW.ILLEGAL_TRANSITION'],
    ),
  );

  // The partner sees the outcome once the claims service applied the decision.
  let final = must('read claim', await partner.GET('/api/v1/claims/{claimId}', { params: { path: { claimId } } }));
  for (const deadline = Date.now() + 20000; final.status !== 'APPROVED' && Date.now() < deadline;) {
    await sleep(150);
    final = must('read claim', await partner.GET('/api/v1/claims/{claimId}', { params: { path: { claimId } } }));
  }
  const approvedAmount: string | undefined = final.approvedAmount?.amount;
  return {
    claimId,
    impressions,
    evidenceDocument,
    documentId,
    reserved,
    reviewStatus: approved.status,
    status: final.status,
    approvedAmount,
    historyActions: final.history.map((h) => h.action),
    queued,
    listedSubmitted,
  };
}
