import { Type } from 'class-transformer';
import {
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

/** Money at the HTTP edge: a decimal string and an ISO 4217 code; never a JSON number. */
/** Move a campaign's claim deadline later. */
export class ExtendClaimDeadlineDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'claimDeadline must be YYYY-MM-DD' }) claimDeadline!: string;
  @IsOptional() @IsString() @MaxLength(4000) reason?: string;
}

export class MoneyDto {
  @Matches(/^-?\d{1,15}(\.\d{1,6})?$/, { message: 'amount must be a decimal string such as "1250.00"' })
  amount!: string;

  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency!: string;
}

export class CreateProgramDto {
  @IsOptional() @Matches(ID_PATTERN) id?: string;
  @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
}

export class CreatePlanDto extends CreateProgramDto {}

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
}

export class CampaignQueryDto {
  @IsOptional() @Matches(ID_PATTERN) partnerId?: string;
  @IsOptional() @Matches(ID_PATTERN) planId?: string;
  @IsOptional() @Matches(ID_PATTERN) programId?: string;
}
