import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

export class ListDocumentsQuery {
  /** Reviewers and services only; a partner always sees its own. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/)
  partnerId?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,128}$/)
  claimId?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
