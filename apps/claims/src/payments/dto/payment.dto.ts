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
import { MoneyDto } from '@poe/platform';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** One payout of an approved claim, as the payments system reports it. */
export class RecordPayoutDto {
  /** The payer's own reference; a retry with the same reference and facts changes nothing. */
  @IsString() @MinLength(1) @MaxLength(128) @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/) reference!: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' }) date!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
  /** Units of the payout currency per 1 unit of the campaign currency, e.g. "1.0850". */
  @IsOptional()
  @Matches(/^\d{1,9}(\.\d{1,10})?$/, { message: 'exchangeRate must be a decimal string such as "1.0850"' })
  exchangeRate?: string | null;
}

export class ListPayablesQueryDto {
  @IsOptional() @Matches(ID) programId?: string;
  @IsOptional() @Matches(ID) partnerId?: string;
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' }) currency?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,400}$/) cursor?: string;
}
