import { claimEvents } from '../../test/claim-events';
import type { ClaimFact } from './claim-facts.repository';
import { draftDetails, mergedHistory } from './claim-facts';
import type { ClaimFactEvent, HistoryEntry } from './review-item';

const ev = claimEvents({ claimId: 'CLM-1', partnerId: 'PRT-1', programId: 'PRG-1', campaignId: 'CMP-1' });
const fact = (e: ClaimFactEvent): ClaimFact => ({
  claimId: e.data.claimId,
  revision: e.data.revision,
  type: e.type,
  at: new Date(e.time),
  actor: 'usr-1',
  data: e.data,
});

describe('claim facts', () => {
  it('draftDetails_takesTheLatestNameAndEachDocumentsKindAndNote', () => {
    const facts = [ev.updated(3, '1100.00'), ev.created(1), ev.evidenceAttached(2, 'DOC-1', 'proof')].map(fact);
    const d = draftDetails(facts);
    expect(d.name).toBe('Q4 webinar series');
    expect(d.documents.get('DOC-1')).toEqual({ kind: 'proof', note: 'Screenshot of the landing page.' });
  });

  it('mergedHistory_ordersByClaimRevision_decisionsAfterTheRevisionTheySaw', () => {
    const at = new Date('2026-11-24T00:00:00Z');
    const item: HistoryEntry[] = [
      { at, kind: 'claim.submitted', actor: 'usr-1', claimRevision: 2 },
      { at, kind: 'decision.request_action', actor: 'rev-1', claimRevision: 2 },
      { at, kind: 'claim.action-required', actor: 'rev-1', claimRevision: 3 },
      { at, kind: 'claim.submitted', actor: 'usr-1', claimRevision: 5 },
    ];
    const facts = [ev.created(1), ev.updated(4)].map(fact);
    expect(mergedHistory(item, facts).map((h) => `${h.kind}@${h.claimRevision}`)).toEqual([
      'claim.created@1',
      'claim.submitted@2',
      'decision.request_action@2',
      'claim.action-required@3',
      'claim.updated@4',
      'claim.submitted@5',
    ]);
  });
});
