import { Inject, Injectable } from '@nestjs/common';
import { decodeClaimCursor, encodeClaimCursor } from '../shared/claim-cursor';
import { CallerIdentity, DomainError } from '@poe/platform';
import { CatalogService } from '../catalog/catalog.service';
import { ClaimErrors } from '../claims/claims.errors';
import { ClaimsOutbox } from '../outbox/claims-outbox';
import { requireRole } from '../shared/access';
import { toOutbox } from '../shared/events';
import type { MinorMoney } from '@poe/contracts';
import { toDecimal } from '@poe/platform';
import type { ListPayablesQueryDto, RecordPayoutDto } from './dto/payment.dto';
import { outstandingOf, PayableClaim, paymentView, recordPayout } from './payment';
import { PaymentsRepository } from './payments.repository';
import { answer, type ResponseBody } from '@poe/contracts/responses';

const PAYERS = ['service'] as const;
const SAVE_ATTEMPTS = 20;

/** Payouts of approved claims, recorded by the payments system (docs/payments.md). */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly repo: PaymentsRepository,
    private readonly catalog: CatalogService,
    @Inject(ClaimsOutbox) private readonly outbox: ClaimsOutbox,
  ) {}

  /** The program's minimum payout in the claim's currency, if it has one. */
  private async minimumFor(programId: string, currency: string): Promise<MinorMoney | undefined> {
    const program = await this.catalog.findProgram(programId);
    return program?.minimumPayouts?.find((m) => m.currency === currency);
  }

  /**
   * Whether the minimum payout holds this claim: a claim with no payout yet, not released before,
   * while the partner's unpaid total in the program and currency is below the minimum. When it does
   * not hold because the total reached the minimum, the claims making up the total are released
   * for good (before the payout is written, so a crash in between leaves no claim held that was paid from).
   */
  private async holdOf(claim: PayableClaim): Promise<{ minimum: MinorMoney; outstandingMinor: number } | undefined> {
    if (claim.payment) return undefined;
    const minimum = await this.minimumFor(claim.programId, claim.currency);
    if (!minimum) return undefined;
    if ((await this.repo.releasedOf([claim.id])).has(claim.id)) return undefined;
    const total = await this.repo.outstandingOfPartner(claim.partnerId, claim.programId, claim.currency);
    if (total.outstandingMinor < minimum.minor) return { minimum, outstandingMinor: total.outstandingMinor };
    await this.repo.release(total.unpaidClaimIds, new Date().toISOString());
    return undefined;
  }

  async recordPayout(caller: CallerIdentity, claimId: string, dto: RecordPayoutDto): Promise<ResponseBody<'Payment'>> {
    requireRole(caller, [...PAYERS], 'recording a payout');
    const input = { ...dto, exchangeRate: dto.exchangeRate ?? undefined };
    for (let attempt = 1; attempt <= SAVE_ATTEMPTS; attempt++) {
      const claim = await this.repo.find(claimId);
      if (!claim) throw ClaimErrors.notFound(claimId);
      // The rules without the hold first: a retry or a refused payout never releases anything.
      const outcome = recordPayout(claim, input, caller.subject, new Date());
      if (outcome.kind === 'already') return { claimId, ...paymentView(claim)! };
      const hold = await this.holdOf(claim);
      if (hold) recordPayout(claim, input, caller.subject, new Date(), hold);
      if (await this.repo.save(claim, outcome.payment, toOutbox([outcome.event]))) {
        this.outbox.nudge();
        return { claimId, ...paymentView({ ...claim, payment: outcome.payment })! };
      }
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 * attempt)));
    }
    throw new DomainError(
      'PAYMENT.CONCURRENT_CHANGE',
      'conflict',
      'the claim changed while the payout was recorded; retry',
    );
  }

  async listPayables(caller: CallerIdentity, q: ListPayablesQueryDto): Promise<ResponseBody<'PayableList'>> {
    requireRole(caller, [...PAYERS], 'listing payable claims');
    const limit = q.limit ?? 20;
    const claims = await this.repo.listPayable({
      programId: q.programId,
      partnerId: q.partnerId,
      currency: q.currency,
      after: q.cursor ? decodeClaimCursor(q.cursor) : undefined,
      limit: limit + 1,
    });
    const page = claims.slice(0, limit);
    // One minimum and one partner total per (partner, program, currency) on the page.
    const released = await this.repo.releasedOf(page.filter((c) => !c.payment).map((c) => c.id));
    const totals = new Map<string, Promise<{ minimum?: MinorMoney; outstanding: number }>>();
    const totalOf = (c: PayableClaim) => {
      const key = `${c.partnerId}|${c.programId}|${c.currency}`;
      if (!totals.has(key)) {
        totals.set(
          key,
          (async () => ({
            minimum: await this.minimumFor(c.programId, c.currency),
            outstanding: (await this.repo.outstandingOfPartner(c.partnerId, c.programId, c.currency)).outstandingMinor,
          }))(),
        );
      }
      return totals.get(key)!;
    };
    const items = await Promise.all(
      page.map(async (c): Promise<ResponseBody<'Payable'>> => {
        const { minimum, outstanding } = await totalOf(c);
        const held = !!minimum && !c.payment && !released.has(c.id) && outstanding < minimum.minor;
        const money = (minor: number) => toDecimal(minor, c.currency);
        return answer('Payable', {
          claimId: c.id,
          partnerId: c.partnerId,
          programId: c.programId,
          campaignId: c.campaignId,
          approved: money(c.approvedMinor ?? 0),
          paid: money(c.payment?.paidMinor ?? 0),
          outstanding: money(outstandingOf(c)),
          paymentStatus: c.payment?.status ?? 'UNPAID',
          payable: !held,
          holdReason: held ? ('BELOW_MINIMUM_PAYOUT' as const) : null,
          partnerOutstanding: money(outstanding),
          minimumPayout: minimum ? toDecimal(minimum.minor, minimum.currency) : null,
        });
      }),
    );
    return {
      items,
      nextCursor: claims.length > limit ? encodeClaimCursor(page[page.length - 1].id) : null,
    };
  }
}
