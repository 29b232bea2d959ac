import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { Documented } from '../bodies/documented';
import { CURSOR_PATTERN, ID_PATTERN } from '../patterns';
import {
  PRE_APPROVAL_STATUSES,
  type PreApprovalStatus,
  REVIEW_ITEM_STATUSES,
  type ReviewItemStatus,
} from '../vocabulary';
import { PageCursor, PageSize, toBoolean, toList } from './query-params';

/** Queries of the review service's lists: the queue and pre-approvals. */

/** Cursor paging of the review service's lists: an opaque cursor and a page size. */
export class PageQueryDto {
  @PageCursor(CURSOR_PATTERN)
  cursor?: string;

  @PageSize(200)
  limit?: number;
}

export class QueueQueryDto extends PageQueryDto {
  @Documented({
    description: `comma-separated, of: ${REVIEW_ITEM_STATUSES.join(', ')} (editing: taken back by the partner after a request for action); default queued,in_review`,
    ref: 'ReviewItemStatus',
  })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(10)
  @IsIn([...REVIEW_ITEM_STATUSES], { each: true })
  status?: ReviewItemStatus[];

  @Documented({ description: 'program' })
  @IsOptional()
  @Matches(ID_PATTERN)
  programId?: string;

  @Documented({ description: 'partner' })
  @IsOptional()
  @Matches(ID_PATTERN)
  partnerId?: string;

  @Documented({ description: 'only overdue (true) or not (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @Documented({ description: 'only items assigned to the caller' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  assignedToMe?: boolean;
}

export class ListPreApprovalsQueryDto extends PageQueryDto {
  @Documented({ description: 'reviewers only' })
  @IsOptional()
  @Matches(ID_PATTERN)
  partnerId?: string;

  @Documented({ description: 'campaign' })
  @IsOptional()
  @Matches(ID_PATTERN)
  campaignId?: string;

  @Documented({ ref: 'PreApprovalStatus' })
  @IsOptional()
  @IsIn([...PRE_APPROVAL_STATUSES])
  status?: PreApprovalStatus;
}
