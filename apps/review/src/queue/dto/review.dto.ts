import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';
import { ITEM_STATUSES } from '../review-item';

// The bodies are written once in @poe/contracts/bodies: the gateway publishes their schemas from the same classes.
export { ApproveDto, AssignDto, RejectDto, RequestActionDto, StartReviewDto } from '@poe/contracts/bodies';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

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
