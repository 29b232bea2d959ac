import { SAMPLE_CSR } from '../src/csr/sample-csr';
import {
  bootDocuments,
  BootedDocuments,
  call,
  claimCreatedEvent,
  eventually,
  partnerA,
  partnerB,
  publishClaimEvents,
  reviewer,
  uploadFile,
} from './boot';
import { pdf } from './fixtures';

let svc: BootedDocuments;

beforeAll(async () => {
  svc = await bootDocuments(__filename);
});
afterAll(async () => {
  await svc?.close();
});

let claimSeq = 0;
const newClaimId = () => `CLM-${svc.ns.id.slice(-8)}-t${++claimSeq}`;

/** The claims service announces a claim; waits until the documents service has its facts. */
async function claimCreated(claimId: string, partnerId: string): Promise<void> {
  await publishClaimEvents(svc, [claimCreatedEvent(claimId, partnerId)]);
  await eventually(async () => (await svc.repo.findClaimFact(claimId))?.partnerId === partnerId);
}

const ids = (body: { id: string }[]) => body.map((d) => d.id).sort();
const listed = async (caller: typeof reviewer, query: string) => {
  const res = await call(svc.url, caller, 'GET', `/documents?${query}`);
  expect(res.status).toBe(200);
  return ids(res.body.items);
};

describe('documents naming another partner claim', () => {
  it('listByClaim_whenOtherPartnerUploadedNamingTheClaim_reviewerSeesOnlyTheClaimsPartner', async () => {
    const claimOfA = newClaimId();
    const unknownClaim = newClaimId();
    await claimCreated(claimOfA, 'PRT-A');

    const own = await uploadFile(svc.url, partnerA, pdf(301), { kind: 'proof', claimId: claimOfA });
    const intruder = await uploadFile(svc.url, partnerB, pdf(302), { kind: 'proof', claimId: claimOfA });
    const intruderCsr = await call(svc.url, partnerB, 'POST', '/documents/csr', { ...SAMPLE_CSR, claimId: claimOfA });
    const control = await uploadFile(svc.url, partnerB, pdf(303), { kind: 'proof', claimId: unknownClaim });

    // The uploader cannot tell another partner's claim from an unknown one: same status, same shape.
    expect(own.status).toBe(201);
    expect([intruder.status, intruderCsr.status, control.status]).toEqual([201, 201, 201]);
    expect(intruder.body).toMatchObject({ partnerId: 'PRT-B', claimId: claimOfA });
    expect(Object.keys(intruder.body).sort()).toEqual(Object.keys(control.body).sort());

    expect(await listed(reviewer, `claimId=${claimOfA}`)).toEqual([own.body.id]);
    expect(await listed(reviewer, `claimId=${claimOfA}&partnerId=PRT-B`)).toEqual([]);
    expect(await listed(partnerA, `claimId=${claimOfA}`)).toEqual([own.body.id]);
    // A partner sees its own uploads under the id it gave, as it would for an unknown claim.
    expect(await listed(partnerB, `claimId=${claimOfA}`)).toEqual(ids([intruder.body, intruderCsr.body]));
    expect(await listed(partnerB, `claimId=${unknownClaim}`)).toEqual([control.body.id]);
  });

  it('listByClaim_whenClaimNotKnownYet_showsStaffNoUnattachedUploadUntilItsFactsArrive', async () => {
    const claimId = newClaimId();
    const early = await uploadFile(svc.url, partnerA, pdf(304), { kind: 'invoice', claimId });
    const intruder = await uploadFile(svc.url, partnerB, pdf(305), { kind: 'invoice', claimId });
    expect([early.status, intruder.status]).toEqual([201, 201]);

    expect(await listed(reviewer, `claimId=${claimId}`)).toEqual([]);
    await claimCreated(claimId, 'PRT-A');
    expect(await listed(reviewer, `claimId=${claimId}`)).toEqual([early.body.id]);
  });
});
