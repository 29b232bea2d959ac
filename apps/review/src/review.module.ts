import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { backendServiceParts } from '@poe/platform';
import type { ReviewConfig } from './config';
import { FiguresController } from './figures/figures.controller';
import { FiguresService } from './figures/figures.service';
import { CAMPAIGN_FUNDS_COLLECTION, CampaignFundsSchema } from './funds/campaign-funds.schema';
import { CampaignFundsRepository } from './funds/campaign-funds.repository';
import { ReviewOutbox } from './outbox/review-outbox';
import {
  COUNTERS_COLLECTION,
  CounterSchema,
  PRE_APPROVALS_COLLECTION,
  PreApprovalSchema,
} from './pre-approvals/pre-approval.schema';
import { PreApprovalsController } from './pre-approvals/pre-approvals.controller';
import { PreApprovalsRepository } from './pre-approvals/pre-approvals.repository';
import { PreApprovalsService } from './pre-approvals/pre-approvals.service';
import { ClaimEventsConsumer } from './queue/claim-events.consumer';
import { OverdueCheck } from './queue/overdue-check';
import { REVIEW_ITEMS_COLLECTION, ReviewItemSchema } from './queue/review-item.schema';
import { CLAIM_FACTS_COLLECTION, ClaimFactSchema } from './queue/claim-fact.schema';
import { ClaimFactsRepository } from './queue/claim-facts.repository';
import { ReviewItemsController } from './queue/review-items.controller';
import { ReviewItemsRepository } from './queue/review-items.repository';
import { ReviewQueueService } from './queue/review-queue.service';
import { ReviewTopics } from './review-topics';
import { REVIEW_CONFIG } from './review.tokens';
import { CLOCK, Clock, systemClock } from './shared/clock';

export interface ReviewModuleOptions {
  /** Tests pass a clock they move by hand. */
  clock?: Clock;
}

@Module({})
export class ReviewModule {
  static forRoot(config: ReviewConfig, options: ReviewModuleOptions = {}): DynamicModule {
    const parts = backendServiceParts(config, [ClaimEventsConsumer]);
    return {
      module: ReviewModule,
      imports: [
        ...parts.imports,
        MongooseModule.forFeature([
          { name: PRE_APPROVALS_COLLECTION, schema: PreApprovalSchema },
          { name: COUNTERS_COLLECTION, schema: CounterSchema },
          { name: REVIEW_ITEMS_COLLECTION, schema: ReviewItemSchema },
          { name: CAMPAIGN_FUNDS_COLLECTION, schema: CampaignFundsSchema },
          { name: CLAIM_FACTS_COLLECTION, schema: ClaimFactSchema },
        ]),
      ],
      controllers: [...parts.controllers, PreApprovalsController, ReviewItemsController, FiguresController],
      providers: [
        ...parts.providers,
        { provide: REVIEW_CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? systemClock },
        ReviewTopics,
        ReviewOutbox,
        PreApprovalsRepository,
        PreApprovalsService,
        CampaignFundsRepository,
        ReviewItemsRepository,
        ClaimFactsRepository,
        ReviewQueueService,
        ClaimEventsConsumer,
        OverdueCheck,
        FiguresService,
      ],
    };
  }
}
