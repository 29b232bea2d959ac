import { DomainError } from '@poe/platform';

export const PreApprovalErrors = {
  notFound: (id: string) => new DomainError('PRE_APPROVAL.NOT_FOUND', 'not_found', `pre-approval ${id} does not exist`),
  alreadyRevoked: (id: string) =>
    new DomainError('PRE_APPROVAL.ALREADY_REVOKED', 'conflict', `pre-approval ${id} is already revoked`),
  sequenceExhausted: (year: number) =>
    new DomainError('PRE_APPROVAL.SEQUENCE_EXHAUSTED', 'conflict', `no pre-approval numbers left for ${year}`),
  campaignOfOtherPartner: (campaignId: string, partnerId: string) =>
    DomainError.invalidField(
      'PRE_APPROVAL.CAMPAIGN_OF_OTHER_PARTNER',
      'campaignId',
      'belongsToPartner',
      `campaign ${campaignId} does not belong to partner ${partnerId}`,
    ),
};
