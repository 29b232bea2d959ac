import { REASON_CODE_PATTERN } from '@poe/contracts';
import { MoneyDto } from '@poe/platform';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { ITEM_STATUSES } from '../review-item';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const REASON_CODE = new RegExp(REASON_CODE_PATTERN);

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class QueueQueryDto extends PageQueryDto {
  /** Comma-separated; default `queued,in_review` (what waits for the review team). */
  @IsOptional()
  @Transform(toList)
  @IsIn(ITEM_STATUSES, { each: true })
  status?: string[];

  @IsOptional()
  @Matches(ID_PATTERN)
  programId?: string;

  @IsOptional()
  @Matches(ID_PATTERN)
  partnerId?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  assignedToMe?: boolean;
}

/** Optional on every change: the item version the reviewer looked at; a newer one answers 409. */
class VersionedDto {
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
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
