/** Answers the gateway composes from several services' answers (composed-views.ts). */
import { REVIEW_DOCUMENT_ROLES } from '../vocabulary';
import { ID } from './common';
import { ClaimWithHistory } from './claims';
import { DownloadLink } from './documents';
import { ReviewItem } from './review';
import { arrayOf, component, enumOf, int, nullable, object, str } from './shape';

/** A document of a claim as a reviewer reads it: what it is to the claim, its metadata and a download link. */
export const REVIEWER_DOCUMENT = object(
  {
    documentId: ID,
    role: enumOf(REVIEW_DOCUMENT_ROLES),
    note: str(),
    fileName: str(),
    contentType: str(),
    size: int({ minimum: 0 }),
    sha256: str(),
    duplicateOf: arrayOf(ID),
    download: nullable(DownloadLink),
    /** Why metadata or link are missing (e.g. the file is gone from the store). */
    problem: object({ status: int(), code: str() }, ['status']),
  },
  ['documentId', 'role', 'download'],
);
export const ReviewerClaimView = component(
  'ReviewerClaimView',
  object({ claim: ClaimWithHistory, review: nullable(ReviewItem), documents: arrayOf(REVIEWER_DOCUMENT) }),
);
