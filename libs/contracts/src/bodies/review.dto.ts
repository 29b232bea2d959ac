import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ID_PATTERN } from '../patterns';
import { REASON_CODE_PATTERN } from '../vocabulary';
import { Documented } from './documented';
import { MoneyDto } from './money.dto';

/** Bodies of the review service's queue routes. */

const REASON_CODE = new RegExp(REASON_CODE_PATTERN);

/** Optional on every change: the item version the reviewer looked at; a newer one answers 409. */
class VersionedDto {
  @Documented({ description: 'the item version the reviewer looked at; a newer one answers 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number | null;
}

export class AssignDto extends VersionedDto {
  @Matches(ID_PATTERN)
  assigneeId!: string;
}

export class StartReviewDto extends VersionedDto {}

export class RequestActionDto extends VersionedDto {
  @IsArray()
  @IsString({ each: true })
  @Matches(REASON_CODE, { each: true })
  @ArrayMaxSize(20)
  reasonCodes!: string[];

  @IsString()
  @Length(1, 4000)
  message!: string;
}

export class RejectDto extends RequestActionDto {}

export class ApproveDto extends VersionedDto {
  @IsObject()
  @ValidateNested()
  @Type(() => MoneyDto)
  approvedAmount!: MoneyDto;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Matches(REASON_CODE, { each: true })
  @ArrayMaxSize(20)
  reasonCodes?: string[];

  @IsOptional()
  @IsString()
  @Length(1, 4000)
  message?: string;
}
