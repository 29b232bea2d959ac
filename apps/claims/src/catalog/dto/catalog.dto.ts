import { MoneyDto } from '@poe/platform';
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

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Move a campaign's claim deadline later. */
export class ExtendClaimDeadlineDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'claimDeadline must be YYYY-MM-DD' }) claimDeadline!: string;
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

/**
 * A campaign's reimbursement rules (docs/reimbursement.md): replaces both. The ratio's shape and
 * range, and the cap's currency, are the domain's rules (422 naming the field), not the DTO's.
 */
export class ChangeReimbursementDto {
  @IsString() @MaxLength(16) contributionRatio!: string;
  /** null: no cap. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MoneyDto) capPerClaim?: MoneyDto | null;
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
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
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MoneyDto)
  minimumPayouts?: MoneyDto[];
  /** Business days after a rejection in which the partner may dispute it (default 5). */
  @IsOptional() @IsInt() disputeWindowBusinessDays?: number;
  /** Days besides weekends that are not business days. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @IsString({ each: true })
  @Matches(DATE_PATTERN, { each: true, message: 'each holiday must be YYYY-MM-DD' })
  holidays?: string[];
}

/**
 * A program's settings (docs/claims.md, "Disputes"); each absent field keeps its value. Bounds and
 * calendar dates are the domain's rules (422 naming the field).
 */
export class ChangeProgramSettingsDto {
  @IsOptional() @IsInt() disputeWindowBusinessDays?: number;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(400)
  @IsString({ each: true })
  @Matches(DATE_PATTERN, { each: true, message: 'each holiday must be YYYY-MM-DD' })
  holidays?: string[];
  /** The program revision the change was made on; another one is 412 `PROGRAM.REVISION_MISMATCH`. */
  @IsOptional() @IsInt() @Min(1) expectedRevision?: number;
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
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
  @Matches(DATE_PATTERN, { message: 'startDate must be YYYY-MM-DD' }) startDate!: string;
  @Matches(DATE_PATTERN, { message: 'endDate must be YYYY-MM-DD' }) endDate!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) allocated!: MoneyDto;
  /** Days after the campaign's end date during which claims may still be submitted. */
  @IsOptional() @IsInt() @Min(0) @Max(3650) claimDeadlineDays?: number;
  /** The vendor's share of a claim's cost, "0.5"; default "1". */
  @IsOptional() @IsString() @MaxLength(16) contributionRatio?: string;
  /** The most one claim is reimbursed, in the campaign's currency; absent or null: no cap. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MoneyDto) capPerClaim?: MoneyDto | null;
}

export class CampaignQueryDto {
  @IsOptional() @Matches(ID_PATTERN) partnerId?: string;
  @IsOptional() @Matches(ID_PATTERN) planId?: string;
  @IsOptional() @Matches(ID_PATTERN) programId?: string;
}
