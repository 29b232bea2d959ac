import { IsOptional, Matches } from 'class-validator';
import { Documented } from '../bodies/documented';
import { ID_PATTERN } from '../patterns';
import { PageSize } from './query-params';

/** The query of the documents service's list. */
export class ListDocumentsQueryDto {
  /** Reviewers and services only; a partner always sees its own. */
  @Documented({ description: 'reviewers and services only' })
  @IsOptional()
  @Matches(ID_PATTERN)
  partnerId?: string;

  @Documented({ description: 'claim' })
  @IsOptional()
  @Matches(ID_PATTERN)
  claimId?: string;

  @PageSize(200)
  limit?: number;
}
