import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@poe/platform';
import { REPO_ROOT } from '@poe/testing';
import { ApiClient, DemoUser, eventually, expectStatus } from './client';
import { CATALOG, setDetails } from './demo-data';
import { addPoe, attachProof, decide, uploadPdf, waitInQueue, withKnownDocument } from './flow';

/**
 * Real resources of every demo partner, made through the gateway, for tests that ask "may this
 * caller touch that partner's data": a reference set made once, and throwaway ones per case.
 */

export interface DemoAccount {
  username: DemoUser;
  roles: Role[];
  partnerId?: string;
}

/** The demo users of `demo/users.json`, read from the file so the matrix follows it. */
export const DEMO_ACCOUNTS: DemoAccount[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'demo/users.json'), 'utf8')) as { users: DemoAccount[] }
).users;

export const GHOST = 'ghost';

/** The ids one partner's resources go by; the ghost partner's ids name nothing that exists. */
export interface PartnerWorld {
  partnerId: string;
  /** Its partner-side user who prepares resources (incentives-user). */
  author: DemoUser;
  campaignId: string;
  currency: string;
  preApprovalId: string;
  /** A draft with an invoice as evidence and one proof document attached. */
  draftClaimId: string;
  /** A submitted claim, queued for review. */
  submittedClaimId: string;
  /** Documents the claims service knows (it learns them from events). */
  invoiceDocId: string;
  proofDocId: string;
}

const AMOUNT = '100.00';

export const ghostWorld = (): PartnerWorld => ({
  partnerId: 'partner-ghost',
  author: 'bob',
  campaignId: 'CMP-GHOST-0000',
  currency: 'EUR',
  preApprovalId: 'PA-2026-999999',
  draftClaimId: 'CLM-ghost0000',
  submittedClaimId: 'CLM-ghost0001',
  invoiceDocId: 'DOC-ghost0000',
  proofDocId: 'DOC-ghost0001',
});

let serial = 0;
/** An id no other run or case uses (test databases are reused across runs). */
export const uniqueId = (prefix: string) => `${prefix}-AM-${Date.now().toString(36)}-${++serial}`;

const invoiceBody = (w: PartnerWorld, documentId: string, invoiceNumber: string) => ({
  invoice: {
    documentId,
    invoiceNumber,
    invoiceDate: '2026-10-16',
    vendor: 'Matrix Events GmbH',
    amount: { amount: AMOUNT, currency: w.currency },
  },
});

/** Builds a partner's reference resources, then hands out throwaway ones on request. */
export class PartnerResources {
  constructor(
    private readonly api: ApiClient,
    readonly world: PartnerWorld,
  ) {}

  /** Campaign, pre-approval, a draft with evidence and proof, a queued claim. */
  static async build(api: ApiClient, partnerId: string, preApprovals: Record<string, string>) {
    const author = DEMO_ACCOUNTS.find((a) => a.partnerId === partnerId && a.roles.includes('incentives-user'))!;
    const campaign = CATALOG.campaigns.find((c) => c.partnerId === partnerId)!;
    const partial = {
      partnerId,
      author: author.username,
      campaignId: campaign.id,
      currency: campaign.allocated.currency,
      preApprovalId: preApprovals[campaign.id],
    };
    const r = new PartnerResources(api, { ...partial } as PartnerWorld);
    const draft = await r.draft();
    const invoice = await uploadPdf(api, author.username, 'invoice', draft, `Matrix invoice ${partnerId}`);
    const proof = await uploadPdf(api, author.username, 'proof', draft, `Matrix proof ${partnerId}`);
    const evidence = invoiceBody(r.world, invoice.id, `INV-${draft}`);
    expectStatus(
      await withKnownDocument(`invoice of ${draft}`, () =>
        api.put(author.username, `/claims/${draft}/evidence`, evidence),
      ),
      200,
    );
    expectStatus(await attachProof(api, author.username, draft, proof.id, 'Screenshot of the live session'), 200);
    Object.assign(r.world, { draftClaimId: draft, invoiceDocId: invoice.id, proofDocId: proof.id });
    r.world.submittedClaimId = await r.queued();
    return r;
  }

  private get who() {
    return this.world.author;
  }

  async draft(): Promise<string> {
    const created = await addPoe(this.api, this.who, {
      campaignId: this.world.campaignId,
      name: 'Matrix PoE',
      amount: AMOUNT,
      currency: this.world.currency,
    });
    return created.body.id as string;
  }

  async draftWithEvidence(invoiceNumber?: string): Promise<string> {
    const id = await this.draft();
    const body = invoiceBody(this.world, this.world.invoiceDocId, invoiceNumber ?? `INV-${id}`);
    expectStatus(await this.api.put(this.who, `/claims/${id}/evidence`, body), 200);
    return id;
  }

  async draftWithProof(): Promise<string> {
    const id = await this.draft();
    const body = { documentId: this.world.proofDocId, note: 'Photo of the booth' };
    expectStatus(await this.api.post(this.who, `/claims/${id}/proof-documents`, body), 200);
    return id;
  }

  /** A draft that passes every submit rule. */
  async readyDraft(invoiceNumber?: string): Promise<string> {
    const id = await this.draftWithEvidence(invoiceNumber);
    await setDetails(this.api, this.who as 'bob' | 'dave', id, {
      claimName: 'Matrix claim',
      claimDate: '2026-10-15',
      estimatedImpressions: 500,
      preApprovalId: this.world.preApprovalId,
    });
    return id;
  }

  /** `invoiceNumber`: another claim's (e.g. another partner's), to raise a duplicate flag. */
  async queued(invoiceNumber?: string): Promise<string> {
    const id = await this.readyDraft(invoiceNumber);
    expectStatus(await this.api.post(this.who, `/claims/${id}/submit`), 200);
    await waitInQueue(this.api, id);
    return id;
  }

  /** Under review, with the start of the review confirmed by the claims service (no decision in flight). */
  async inReview(): Promise<string> {
    const id = await this.queued();
    await decide(this.api, id, 'start-review');
    await eventually(`${id} in review, confirmed`, async () => {
      const item = expectStatus(await this.api.get('rita', `/review/items/${id}`), 200).body;
      return item.confirmedStatus === 'in_review' && !item.pendingDecision ? item : undefined;
    });
    return id;
  }

  async document(): Promise<string> {
    return (await uploadPdf(this.api, this.who, 'proof', this.world.draftClaimId, `Throwaway ${uniqueId('D')}`)).id;
  }

  async preApproval(): Promise<string> {
    const granted = await this.api.post('rita', '/pre-approvals', {
      partnerId: this.world.partnerId,
      campaignId: this.world.campaignId,
      description: 'Matrix materials',
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-12-31T23:59:59.000Z',
    });
    return expectStatus(granted, 201).body.preApprovalId as string;
  }
}

export { invoiceBody, AMOUNT };
