import { IsDateString, IsOptional, IsString, Length, Matches } from 'class-validator';

/** Bodies of the review service's pre-approval routes. */

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

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
