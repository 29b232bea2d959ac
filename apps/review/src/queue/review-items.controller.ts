import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, CallerIdentity } from '@poe/platform';
import { ApproveDto, AssignDto, QueueQueryDto, RejectDto, RequestActionDto, StartReviewDto } from './dto/review.dto';
import { ReviewQueueService } from './review-queue.service';

/** Decisions answer 202: the claims service applies them; the item shows the expected outcome meanwhile. */
@Controller('review')
export class ReviewItemsController {
  constructor(private readonly service: ReviewQueueService) {}

  @Get('items')
  list(@Caller() caller: CallerIdentity, @Query() query: QueueQueryDto) {
    return this.service.list(caller, query);
  }

  @Get('reason-codes')
  reasonCodes(@Caller() caller: CallerIdentity) {
    return this.service.reasonCodes(caller);
  }

  @Get('items/:claimId')
  get(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string) {
    return this.service.get(caller, claimId);
  }

  @Post('items/:claimId/assign')
  @HttpCode(200)
  assign(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string, @Body() body: AssignDto) {
    return this.service.assign(caller, claimId, body.assigneeId, body.expectedVersion);
  }

  @Post('items/:claimId/take')
  @HttpCode(200)
  take(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string, @Body() body: StartReviewDto) {
    return this.service.assign(caller, claimId, caller.subject, body.expectedVersion);
  }

  @Post('items/:claimId/start-review')
  @HttpCode(202)
  startReview(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string, @Body() body: StartReviewDto) {
    return this.service.decide(caller, claimId, { decision: 'start_review' }, body.expectedVersion);
  }

  @Post('items/:claimId/request-action')
  @HttpCode(202)
  requestAction(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string, @Body() body: RequestActionDto) {
    const { reasonCodes, message } = body;
    return this.service.decide(
      caller,
      claimId,
      { decision: 'request_action', reasonCodes, message },
      body.expectedVersion,
    );
  }

  @Post('items/:claimId/approve')
  @HttpCode(202)
  approve(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string, @Body() body: ApproveDto) {
    const { approvedAmount, reasonCodes, message } = body;
    return this.service.decide(
      caller,
      claimId,
      {
        decision: 'approve',
        approvedAmount: { amount: approvedAmount.amount, currency: approvedAmount.currency },
        reasonCodes,
        message,
      },
      body.expectedVersion,
    );
  }

  @Post('items/:claimId/reject')
  @HttpCode(202)
  reject(@Caller() caller: CallerIdentity, @Param('claimId') claimId: string, @Body() body: RejectDto) {
    const { reasonCodes, message } = body;
    return this.service.decide(caller, claimId, { decision: 'reject', reasonCodes, message }, body.expectedVersion);
  }
}
