import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Documented, IsCalendarDate } from './documented';
import { MoneyDto } from './money.dto';

/** One payout of an approved claim, as the payments system reports it (claims service). */
export class RecordPayoutDto {
  /** The payer's own reference; a retry with the same reference and facts changes nothing. */
  @IsString() @MinLength(1) @MaxLength(128) @Matches(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$/) reference!: string;
  @IsCalendarDate({ message: 'date must be YYYY-MM-DD' }) date!: string;
  @IsObject() @ValidateNested() @Type(() => MoneyDto) amount!: MoneyDto;
  /** Units of the payout currency per 1 unit of the campaign currency, e.g. "1.0850". */
  @Documented({
    description: 'payout currency units per 1 campaign currency unit; required only when the currencies differ',
  })
  @IsOptional()
  @Matches(/^\d{1,9}(\.\d{1,10})?$/, { message: 'exchangeRate must be a decimal string such as "1.0850"' })
  exchangeRate?: string | null;
}
