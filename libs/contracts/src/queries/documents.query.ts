import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Documented } from '../bodies/documented';
import { toInteger } from './query-params';
import { ID_PATTERN } from '../patterns';

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

  @Documented({ description: 'page size, 1-200' })
  @IsOptional()
  @Transform(toInteger)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
