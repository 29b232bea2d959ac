import { Inject, Injectable } from '@nestjs/common';
import type { CallerIdentity } from '@poe/platform';
import { CampaignFundsRepository } from '../funds/campaign-funds.repository';
import { reviewOutboxEntry } from '../outbox/review-events';
import { ReviewOutbox } from '../outbox/review-outbox';
import { isPartnerSide, isReviewer, requireRole } from '../shared/access';
import { CLOCK, Clock } from '../shared/clock';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { checkGrant, checkRevocable, GrantRequest, PreApproval, preApprovalId, statusOf } from './pre-approval';
import { PreApprovalErrors } from './pre-approvals.errors';
import { PreApprovalsRepository } from './pre-approvals.repository';
import type { ListPreApprovalsQueryDto } from './dto/pre-approval.dto';
import { answer, type ResponseBody } from '@poe/contracts/responses';

/** A pre-approval as the API answers it (the `PreApproval` response shape). */
export type PreApprovalView = ResponseBody<'PreApproval'>;

@Injectable()
export class PreApprovalsService {
  constructor(
    private readonly repository: PreApprovalsRepository,
    private readonly funds: CampaignFundsRepository,
    private readonly outbox: ReviewOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async grant(caller: CallerIdentity, request: GrantRequest): Promise<PreApprovalView> {
    requireRole(caller, 'reviewer');
    const now = this.clock.now();
    checkGrant(request, now);
    // The campaign's owner is known once claims reported its funds; a campaign not seen yet is trusted.
    const campaign = await this.funds.find(request.campaignId);
    if (campaign && campaign.partnerId !== request.partnerId) {
      throw PreApprovalErrors.campaignOfOtherPartner(request.campaignId, request.partnerId);
    }
    const year = now.getUTCFullYear();
    const sequence = await this.repository.nextSequence(`pre-approval:${year}`);
    const pa: PreApproval = {
      id: preApprovalId(year, sequence),
      partnerId: request.partnerId,
      campaignId: request.campaignId,
      ...(request.description ? { description: request.description } : {}),
      validFrom: request.validFrom,
      validUntil: request.validUntil,
      grantedBy: caller.subject,
      grantedAt: now,
    };
    const event = reviewOutboxEntry('poe.review.pre-approval.granted.v1', {
      preApprovalId: pa.id,
      partnerId: pa.partnerId,
      campaignId: pa.campaignId,
      ...(pa.description ? { description: pa.description } : {}),
      validFrom: pa.validFrom.toISOString(),
      validUntil: pa.validUntil.toISOString(),
      grantedBy: pa.grantedBy,
      grantedAt: now.toISOString(),
    });
    await this.repository.insert(pa, [event]);
    this.outbox.nudge();
    return this.view(pa, caller, now);
  }

  async revoke(caller: CallerIdentity, id: string, reason: string): Promise<PreApprovalView> {
    requireRole(caller, 'reviewer');
    const pa = await this.repository.findById(id);
    if (!pa) throw PreApprovalErrors.notFound(id);
    checkRevocable(pa);
    const now = this.clock.now();
    const revoked: PreApproval = { ...pa, revokedAt: now, revokedBy: caller.subject, revokeReason: reason };
    const event = reviewOutboxEntry('poe.review.pre-approval.revoked.v1', {
      preApprovalId: pa.id,
      partnerId: pa.partnerId,
      campaignId: pa.campaignId,
      reason,
      revokedBy: caller.subject,
      revokedAt: now.toISOString(),
    });
    // Another reviewer revoking at the same moment wins the conditional write; this one is a conflict.
    if (!(await this.repository.markRevoked(revoked, [event]))) throw PreApprovalErrors.alreadyRevoked(id);
    this.outbox.nudge();
    return this.view(revoked, caller, now);
  }

  async get(caller: CallerIdentity, id: string): Promise<PreApprovalView> {
    requireRole(caller, 'reviewer', 'incentives-admin', 'incentives-user');
    const pa = await this.repository.findById(id);
    // Another partner's pre-approval answers like a missing one, so its existence does not leak.
    if (!pa || (!isReviewer(caller) && pa.partnerId !== caller.partnerId)) throw PreApprovalErrors.notFound(id);
    return this.view(pa, caller, this.clock.now());
  }

  async list(caller: CallerIdentity, q: ListPreApprovalsQueryDto): Promise<ResponseBody<'PreApprovalList'>> {
    requireRole(caller, 'reviewer', 'incentives-admin', 'incentives-user');
    let partnerId = q.partnerId;
    if (!isReviewer(caller)) {
      if (!caller.partnerId || (partnerId && partnerId !== caller.partnerId)) return { items: [] };
      partnerId = caller.partnerId;
    }
    const limit = q.limit ?? 50;
    const now = this.clock.now();
    const beforeId = q.cursor ? decodeCursor(q.cursor, ['id'] as const).id : undefined;
    const rows = await this.repository.list({
      partnerId,
      campaignId: q.campaignId,
      status: q.status,
      beforeId,
      now,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((pa) => this.view(pa, caller, now)),
      ...(rows.length > limit ? { nextCursor: encodeCursor({ id: page[page.length - 1].id }) } : {}),
    };
  }

  private view(pa: PreApproval, caller: CallerIdentity, now: Date): PreApprovalView {
    // Partners see what was approved and until when, not which reviewer did it.
    const internal = !isPartnerSide(caller) || isReviewer(caller);
    return answer('PreApproval', {
      preApprovalId: pa.id,
      partnerId: pa.partnerId,
      campaignId: pa.campaignId,
      ...(pa.description ? { description: pa.description } : {}),
      validFrom: pa.validFrom.toISOString(),
      validUntil: pa.validUntil.toISOString(),
      status: statusOf(pa, now),
      grantedAt: pa.grantedAt.toISOString(),
      ...(internal ? { grantedBy: pa.grantedBy } : {}),
      ...(pa.revokedAt ? { revokedAt: pa.revokedAt.toISOString(), revokeReason: pa.revokeReason } : {}),
      ...(pa.revokedAt && internal ? { revokedBy: pa.revokedBy } : {}),
    });
  }
}
