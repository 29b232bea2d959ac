import type { CallerIdentity } from '@poe/platform';
import {
  assertDeletable,
  canRead,
  claimListingScope,
  DocumentRecord,
  readScope,
  retentionEnd,
  uploaderPartner,
  visibleDuplicates,
} from './document';

const partnerA: CallerIdentity = { subject: 'u-a', roles: ['incentives-user'], partnerId: 'PRT-A' };
const partnerB: CallerIdentity = { subject: 'u-b', roles: ['incentives-admin'], partnerId: 'PRT-B' };
const reviewer: CallerIdentity = { subject: 'rev', roles: ['reviewer'] };
const service: CallerIdentity = { subject: 'svc', roles: ['service'] };

const doc = (over: Partial<DocumentRecord> = {}): DocumentRecord => ({
  _id: 'DOC-1',
  status: 'stored',
  partnerId: 'PRT-A',
  kind: 'invoice',
  objectKey: 'docs/DOC-1',
  fileName: 'a.pdf',
  duplicateOf: [
    { documentId: 'DOC-0', partnerId: 'PRT-A' },
    { documentId: 'DOC-9', partnerId: 'PRT-B' },
  ],
  uploadedBy: 'u-a',
  createdAt: new Date(),
  outbox: [],
  ...over,
});

describe('document access rules', () => {
  it('upload_whenReviewerOrService_isForbidden', () => {
    expect(() => uploaderPartner(reviewer)).toThrow(expect.objectContaining({ code: 'DOCUMENT.FORBIDDEN' }));
    expect(() => uploaderPartner(service)).toThrow(expect.objectContaining({ code: 'DOCUMENT.FORBIDDEN' }));
    expect(uploaderPartner(partnerA)).toBe('PRT-A');
  });

  it('read_whenOtherPartner_isNotAllowed', () => {
    expect(canRead(partnerA, doc())).toBe(true);
    expect(canRead(partnerB, doc())).toBe(false);
    expect(canRead(reviewer, doc())).toBe(true);
    expect(canRead(service, doc())).toBe(true);
  });

  it('readScope_whenPartnerAsksForAnotherPartner_staysOnItsOwn', () => {
    expect(readScope(partnerA, 'PRT-B')).toBe('PRT-A');
    expect(readScope(reviewer, 'PRT-B')).toBe('PRT-B');
    expect(readScope(reviewer)).toBeUndefined();
  });

  it('duplicates_whenPartnerReads_hidesOtherPartnersIds', () => {
    expect(visibleDuplicates(partnerA, doc())).toEqual(['DOC-0']);
    expect(visibleDuplicates(reviewer, doc())).toEqual(['DOC-0', 'DOC-9']);
  });

  it('listByClaim_whenStaffAndClaimKnown_showsOnlyTheClaimsPartner', () => {
    expect(claimListingScope(reviewer, undefined, 'PRT-A')).toEqual({ partnerId: 'PRT-A' });
    expect(claimListingScope(service, 'PRT-A', 'PRT-A')).toEqual({ partnerId: 'PRT-A' });
    expect(claimListingScope(reviewer, 'PRT-B', 'PRT-A')).toBeNull();
  });

  it('listByClaim_whenStaffAndClaimUnknown_showsOnlyAttachedDocuments', () => {
    expect(claimListingScope(reviewer, undefined, undefined)).toEqual({ attachedAt: { $exists: true } });
    expect(claimListingScope(reviewer, 'PRT-B', undefined)).toEqual({
      partnerId: 'PRT-B',
      attachedAt: { $exists: true },
    });
  });

  it('listByClaim_whenPartner_showsItsOwnWhoeverOwnsTheClaim', () => {
    expect(claimListingScope(partnerB, 'PRT-B', 'PRT-A')).toEqual({ partnerId: 'PRT-B' });
    expect(claimListingScope(partnerB, 'PRT-B', undefined)).toEqual({ partnerId: 'PRT-B' });
  });

  it('delete_whenSubmitted_isRetained', () => {
    expect(() => assertDeletable(partnerA, doc({ submittedWithClaimId: 'CLM-1' }))).toThrow(
      expect.objectContaining({ code: 'DOCUMENT.RETAINED' }),
    );
  });

  it('delete_whenOtherPartnerOrReviewer_isRefused', () => {
    expect(() => assertDeletable(partnerB, doc())).toThrow(expect.objectContaining({ code: 'DOCUMENT.NOT_FOUND' }));
    expect(() => assertDeletable(reviewer, doc())).toThrow(expect.objectContaining({ code: 'DOCUMENT.FORBIDDEN' }));
    expect(() => assertDeletable(partnerA, doc())).not.toThrow();
  });

  it('retentionEnd_addsMonthsAndClampsToMonthEnd', () => {
    expect(retentionEnd('2026-03-15', 24).toISOString()).toBe('2028-03-15T23:59:59.999Z');
    expect(retentionEnd('2026-08-31', 6).toISOString()).toBe('2027-02-28T23:59:59.999Z');
    expect(retentionEnd('2027-08-31', 6).toISOString()).toBe('2028-02-29T23:59:59.999Z');
  });
});
