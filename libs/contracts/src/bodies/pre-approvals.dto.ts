import { IsDateString, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ID_PATTERN } from '../patterns';

/** Bodies of the review service's pre-approval routes. */

export class GrantPreApprovalDto {
  @Matches(ID_PATTERN)
  partnerId!: string;

  @Matches(ID_PATTERN)
  campaignId!: string;

  @IsOptional()
  @IsString()
  @Length(1, 4000)
  description?: string;

  /** RFC 3339 instant; the pre-approval covers claims cited from here ... */
  @IsDateString({ strict: true })
  validFrom!: string;

  /** ... to here (inclusive). */
  @IsDateString({ strict: true })
  validUntil!: string;
}

export class RevokePreApprovalDto {
  @IsString()
  @Length(1, 4000)
  reason!: string;
}
