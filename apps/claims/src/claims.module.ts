import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { backendServiceParts } from '@poe/platform';
import { AllocationsController } from './allocations/allocations.controller';
import { AllocationsService } from './allocations/allocations.service';
import { CatalogController } from './catalog/catalog.controller';
import { CatalogRepository } from './catalog/catalog.repository';
import {
  CAMPAIGNS,
  CampaignSchema,
  PARTNERS,
  PartnerSchema,
  PLANS,
  PlanSchema,
  PROGRAMS,
  ProgramSchema,
} from './catalog/catalog.schema';
import { CatalogService } from './catalog/catalog.service';
import {
  ClaimSchema,
  CLAIMS,
  EVIDENCE_FINGERPRINTS,
  EvidenceFingerprintSchema,
  KNOWN_DOCUMENTS,
  KnownDocumentSchema,
  PRE_APPROVALS,
  PreApprovalSchema,
} from './claims/claim.schema';
import { ClaimsConsumer } from './claims/claims.consumer';
import { ClaimsController } from './claims/claims.controller';
import { ClaimsRepository } from './claims/claims.repository';
import { ClaimsService } from './claims/claims.service';
import { SubmitFunds } from './claims/submit-funds';
import { CLAIMS_CONFIG } from './claims.tokens';
import type { ClaimsConfig } from './config';
import { IDEMPOTENCY_KEYS, IdempotencyKeySchema } from './idempotency/idempotency.schema';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ExportsController } from './exports/exports.controller';
import { ClaimsOutbox } from './outbox/claims-outbox';
import { PAYOUT_RELEASES, PayoutReleaseSchema } from './payments/payment.schema';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsRepository } from './payments/payments.repository';
import { PaymentsService } from './payments/payments.service';

@Module({})
export class ClaimsModule {
  static forRoot(config: ClaimsConfig): DynamicModule {
    const parts = backendServiceParts(config, [ClaimsConsumer]);
    return {
      module: ClaimsModule,
      imports: [
        ...parts.imports,
        MongooseModule.forFeature([
          { name: PROGRAMS, schema: ProgramSchema },
          { name: PLANS, schema: PlanSchema },
          { name: PARTNERS, schema: PartnerSchema },
          { name: CAMPAIGNS, schema: CampaignSchema },
          { name: CLAIMS, schema: ClaimSchema },
          { name: KNOWN_DOCUMENTS, schema: KnownDocumentSchema },
          { name: PRE_APPROVALS, schema: PreApprovalSchema },
          { name: EVIDENCE_FINGERPRINTS, schema: EvidenceFingerprintSchema },
          { name: IDEMPOTENCY_KEYS, schema: IdempotencyKeySchema },
          { name: PAYOUT_RELEASES, schema: PayoutReleaseSchema },
        ]),
      ],
      controllers: [
        ...parts.controllers,
        CatalogController,
        ClaimsController,
        AllocationsController,
        ExportsController,
        PaymentsController,
      ],
      providers: [
        ...parts.providers,
        { provide: CLAIMS_CONFIG, useValue: config },
        CatalogRepository,
        CatalogService,
        AllocationsService,
        ClaimsRepository,
        IdempotencyService,
        ClaimsOutbox,
        SubmitFunds,
        ClaimsService,
        ClaimsConsumer,
        PaymentsRepository,
        PaymentsService,
      ],
    };
  }
}
