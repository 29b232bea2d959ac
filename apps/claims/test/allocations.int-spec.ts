import { asCaller } from '@poe/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { ClaimsRepository } from '../src/claims/claims.repository';
import { ADMIN, bootClaims, Harness, partnerUser } from './harness';

/**
 * Allocation files and the export cursor against the real database (both servers in CI): each
 * line is one campaign write carrying its one funds event, however often and however concurrently
 * the file is applied; the export reads every claim through a cursor past its batch size.
 */

let h: Harness;
let db: Connection;

const HEADER = 'partnerId,campaignId,allocationId,amount,currency,planId,name,activityType,startDate,endDate';
const applyFile = async (csv: string) => {
  const res = await fetch(`${h.url}/allocations/apply`, {
    method: 'POST',
    headers: { ...asCaller(ADMIN), 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  // The relay off: the events stay in the campaign document, where they were written with the change.
  h = await bootClaims(__filename, { CLAIMS_OUTBOX_RELAY: 'false', CLAIMS_CONSUMER: 'false' });
  db = h.app.get<Connection>(getConnectionToken());
  expect((await h.call(ADMIN, 'POST', '/programs', { id: 'PRG-A', name: 'Program' })).status).toBe(201);
  expect((await h.call(ADMIN, 'POST', '/programs/PRG-A/plans', { id: 'PLN-A', name: 'Plan' })).status).toBe(201);
  expect((await h.call(ADMIN, 'POST', '/partners', { id: 'PRT-A', name: 'Partner A' })).status).toBe(201);
}, 60000);

afterAll(async () => {
  await h?.close();
});

test('apply_sameFileConcurrentlyAndAgain_writesEachAllocationOnceWithExactlyOneFundsEvent', async () => {
  const csv =
    [
      HEADER,
      'PRT-A,CMP-BULK,L1,100.00,EUR,PLN-A,Bulk campaign,event,2027-01-01,2027-03-31',
      ...Array.from({ length: 5 }, (_, i) => `PRT-A,CMP-BULK,L${i + 2},10.50,EUR,,,,,`),
    ].join('\n') + '\n';
  const answers = await Promise.all([applyFile(csv), applyFile(csv), applyFile(csv)]);
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  expect(answers.flatMap((a) => a.body.lines).filter((l: any) => l.outcome !== 'unchanged')).toHaveLength(6);
  const again = await applyFile(csv);
  expect(again.body.summary).toEqual({ campaignCreated: 0, allocated: 0, unchanged: 6, refused: 0 });

  const doc = (await db.collection('campaigns').findOne({ _id: 'CMP-BULK' as never }))!;
  expect([doc.allocatedMinor, doc.remainingMinor, doc.reservedMinor, doc.approvedMinor, doc.revision]).toEqual([
    15_250, 15_250, 0, 0, 6,
  ]);
  expect(Object.keys(doc.allocations).sort()).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
  const events = (doc.outbox as { value: string }[]).map((o) => JSON.parse(o.value));
  expect(events.map((e) => [e.type, e.data.revision, e.data.allocationId, e.data.allocated.amount])).toEqual([
    ['poe.claims.campaign.funds-changed.v1', 1, 'L1', '100.00'],
    ['poe.claims.campaign.funds-changed.v1', 2, expect.stringMatching(/^L[2-6]$/), '110.50'],
    ['poe.claims.campaign.funds-changed.v1', 3, expect.stringMatching(/^L[2-6]$/), '121.00'],
    ['poe.claims.campaign.funds-changed.v1', 4, expect.stringMatching(/^L[2-6]$/), '131.50'],
    ['poe.claims.campaign.funds-changed.v1', 5, expect.stringMatching(/^L[2-6]$/), '142.00'],
    ['poe.claims.campaign.funds-changed.v1', 6, expect.stringMatching(/^L[2-6]$/), '152.50'],
  ]);
});

test('streamAll_readsEveryMatchingClaimOldestFirst_pastTheCursorBatch', async () => {
  const partner = partnerUser('PRT-A');
  const first = await h.call(partner, 'POST', '/claims', {
    campaignId: 'CMP-BULK',
    name: 'Cursor PoE',
    executionDate: '2027-02-01',
    amount: { amount: '1.00', currency: 'EUR' },
  });
  expect(first.status).toBe(201);
  const claims = db.collection<{ _id: string } & Record<string, unknown>>('claims');
  const template = (await claims.findOne({ _id: first.body.id as string }))!;
  await claims.insertMany(
    Array.from({ length: 349 }, (_, i) => ({
      ...template,
      _id: `${first.body.id}-${String(i).padStart(4, '0')}`,
      outbox: [],
    })),
  );
  await claims.insertOne({ ...template, _id: `${first.body.id}-other`, partnerId: 'PRT-B', outbox: [] });
  const ids: string[] = [];
  for await (const c of h.app.get(ClaimsRepository).streamAll({ partnerId: 'PRT-A' }, 100)) ids.push(c.id);
  expect(ids).toHaveLength(350);
  expect(ids).toEqual([...ids].sort());
  expect(ids).not.toContain(`${first.body.id}-other`);
});
