import { IsIn, IsOptional, Matches } from 'class-validator';
import { Documented } from '../bodies/documented';
import { CATALOG_ID_PATTERN, CLAIMS_CURSOR_PATTERN, CLAIMS_ID_PATTERN } from '../patterns';
import { CLAIM_STATUSES, type ClaimStatus } from '../vocabulary';
import { PageCursor, PageSize } from './query-params';

/** Queries of the claims service's lists: claims, the finance export, campaigns, payables. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of a claim list, and of the finance export of the same claims. */
export class ClaimFiltersDto {
  @Documented({ ref: 'ClaimStatus' })
  @IsOptional()
  @IsIn([...CLAIM_STATUSES])
  status?: ClaimStatus;

  @Documented({ description: 'campaign' })
  @IsOptional()
  @Matches(CLAIMS_ID_PATTERN)
  campaignId?: string;

  /** Review team and services only; partner-side callers always see just their own partner. */
  @Documented({ description: 'reviewers and services only' })
  @IsOptional()
  @Matches(CLAIMS_ID_PATTERN)
  partnerId?: string;

  @Documented({ description: 'execution date from (inclusive), YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE)
  from?: string;

  @Documented({ description: 'execution date to (inclusive), YYYY-MM-DD' })
  @IsOptional()
  @Matches(DATE)
  to?: string;
}

export class ListClaimsQueryDto extends ClaimFiltersDto {
  @Documented({ description: 'createdAt | -createdAt (default)' })
  @IsOptional()
  @IsIn(['createdAt', '-createdAt'])
  sort?: 'createdAt' | '-createdAt';

  @PageSize(100)
  limit?: number;

  @PageCursor(CLAIMS_CURSOR_PATTERN)
  cursor?: string;
}

/** The finance export takes the list's filters and streams every match (no paging). */
export class ExportClaimsQueryDto extends ClaimFiltersDto {}

export class CampaignQueryDto {
  @Documented({ description: 'reviewers and services only' })
  @IsOptional()
  @Matches(CATALOG_ID_PATTERN)
  partnerId?: string;

  @Documented({ description: 'plan' })
  @IsOptional()
  @Matches(CATALOG_ID_PATTERN)
  planId?: string;

  @Documented({ description: 'program' })
  @IsOptional()
  @Matches(CATALOG_ID_PATTERN)
  programId?: string;
}

export class ListPayablesQueryDto {
  @Documented({ description: 'program' })
  @IsOptional()
  @Matches(CATALOG_ID_PATTERN)
  programId?: string;

  @Documented({ description: 'partner org' })
  @IsOptional()
  @Matches(CATALOG_ID_PATTERN)
  partnerId?: string;

  @Documented({ description: 'campaign currency, ISO 4217' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency?: string;

  @PageSize(100)
  limit?: number;

  @PageCursor(CLAIMS_CURSOR_PATTERN)
  cursor?: string;
}
