import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CATALOG_ID_PATTERN } from '../patterns';
import { CONTRIBUTION_RATIO_PATTERN } from '../reimbursement';
import { Documented, IsCalendarDate } from './documented';
import { MoneyDto } from './money.dto';

/** Bodies of the claims service's catalog routes (programs, plans, partners, campaigns). */

const ID_PATTERN = CATALOG_ID_PATTERN;
/** A holiday's shape; whether it is a real calendar date is the program rule (422 naming the entry). */
const HOLIDAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** The ratio's shape and range are the domain's rule (docs/reimbursement.md, 422 naming the field). */
const RATIO = { pattern: CONTRIBUTION_RATIO_PATTERN, example: '0.5' };
const RATIO_DESCRIPTION = 'a decimal string 0 < ratio <= 1 with at most 4 decimals; "1" pays the whole cost';
const WHY = { description: 'why, for the history (optional)' };

/** Move a campaign's claim deadline later. */
export class ExtendClaimDeadlineDto {
  @IsCalendarDate({ message: 'claimDeadline must be YYYY-MM-DD' }) claimDeadline!: string;
  @Documented(WHY) @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

/**
 * A campaign's reimbursement rules (docs/reimbursement.md): replaces both. The ratio's shape and
 * range, and the cap's currency, are the domain's rules (422 naming the field), not the DTO's.
 */
export class ChangeReimbursementDto {
  @Documented({ ...RATIO, description: RATIO_DESCRIPTION }) @IsString() @MaxLength(16) contributionRatio!: string;
  /** null: no cap. */
  @Documented({ description: "in the campaign's currency; absent or null: no cap" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  capPerClaim?: MoneyDto | null;
  @Documented(WHY) @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

export class CreatePlanDto {
  @IsOptional() @Matches(ID_PATTERN) id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
}

export class CreateProgramDto extends CreatePlanDto {
  /**
   * The smallest payout per currency (docs/payments.md): a partner's approved claims in that
   * currency are held until their unpaid total reaches it. At most one entry per currency.
   */
  @Documented({ description: 'one per currency, each > 0' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MoneyDto)
  minimumPayouts?: MoneyDto[];
  /** Business days after a rejection in which the partner may dispute it (default 5; 1..60 is the domain's rule). */
  @Documented({
    description: 'business days after the day of a rejection in which the partner may dispute it (default 5)',
  })
  @IsOptional()
  @IsInt()
  disputeWindowBusinessDays?: number;
  /** Days besides weekends that are not business days; real calendar dates are the domain's rule. */
  @Documented({ description: 'days besides weekends that are not business days (UTC calendar dates)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(HOLIDAY_PATTERN, { each: true })
  holidays?: string[];
}

/** A program's settings (docs/claims.md, "Disputes"); each absent field keeps its value. */
export class ChangeProgramSettingsDto {
  @Documented({ description: 'business days after the day of a rejection in which the partner may dispute it, 1..60' })
  @IsOptional()
  @IsInt()
  disputeWindowBusinessDays?: number;
  @Documented({ description: 'days besides weekends that are not business days (UTC calendar dates)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @Matches(HOLIDAY_PATTERN, { each: true })
  holidays?: string[];
  /** The program revision the change was made on; another one is 412 `PROGRAM.REVISION_MISMATCH`. */
  @Documented({ description: 'the program revision read; another one answers 412' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedRevision?: number;
  @Documented({ description: 'why, for the history (optional)' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  reason?: string;
}

export class CreatePartnerDto {
  @IsOptional() @Matches(ID_PATTERN) id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
}

export class CreateCampaignDto {
  @IsOptional() @Matches(ID_PATTERN) id?: string;
  @Matches(ID_PATTERN) planId!: string;
  @Matches(ID_PATTERN) partnerId!: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsString() @MinLength(1) @MaxLength(100) activityType!: string;
  @IsCalendarDate({ message: 'startDate must be YYYY-MM-DD' }) startDate!: string;
  @IsCalendarDate({ message: 'endDate must be YYYY-MM-DD' }) endDate!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) allocated!: MoneyDto;
  /** Days after the campaign's end date during which claims may still be submitted. */
  @IsOptional() @IsInt() @Min(0) @Max(3650) claimDeadlineDays?: number;
  /** The vendor's share of a claim's cost, "0.5"; default "1". */
  @Documented({ ...RATIO, description: 'default "1"' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  contributionRatio?: string;
  /** The most one claim is reimbursed, in the campaign's currency; absent or null: no cap. */
  @Documented({ description: "in the allocation's currency; absent or null: no cap" })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  capPerClaim?: MoneyDto | null;
}
