import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN } from '../patterns';
import { AMOUNT_PATTERN } from '../money';
import { Documented, IsCalendarDate } from './documented';

/** The body of the documents service's CSR route. */

// The shape only; the currency's own decimals are csr.ts's rule (docs/money.md).
const AMOUNT = new RegExp(AMOUNT_PATTERN);
const AMOUNT_MESSAGE = 'must be a non-negative decimal string, e.g. "1250.00"';

export class CostLineDto {
  @IsString()
  @Length(1, 300)
  description!: string;

  @IsInt()
  @Max(1_000_000)
  quantity!: number;

  @Matches(AMOUNT, { message: AMOUNT_MESSAGE })
  unitCost!: string;
}

export class CertifierDto {
  @IsString()
  @Length(1, 200)
  name!: string;

  @IsString()
  @Length(1, 200)
  title!: string;
}

/** The partner's answers; the rules between fields (total, dates, statement) are in csr.ts. */
export class GenerateCsrDto {
  @Matches(ID_PATTERN)
  claimId!: string;

  @IsString()
  @Length(1, 4000)
  activityDescription!: string;

  @IsCalendarDate({ message: 'must be a date YYYY-MM-DD' })
  executionStartDate!: string;

  @IsCalendarDate({ message: 'must be a date YYYY-MM-DD' })
  executionEndDate!: string;

  /** Published as the `Currency` enum (money's list, csr.ts's 422); the DTO checks the shape. */
  @Documented({ ref: 'Currency' })
  @Matches(/^[A-Z]{3}$/, { message: 'must be an ISO 4217 code, e.g. EUR' })
  currency!: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CostLineDto)
  costLines!: CostLineDto[];

  @Matches(AMOUNT, { message: AMOUNT_MESSAGE })
  total!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => CertifierDto)
  certifiedBy!: CertifierDto;

  @IsBoolean()
  statementAccepted!: boolean;
}
