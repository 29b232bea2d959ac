import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CLAIM_STATUSES, ClaimStatus } from '../claim';

// The bodies are written once in @poe/contracts/bodies: the gateway publishes their schemas from the same classes.
export {
  AddCommentDto,
  AttachProofDto,
  CreateClaimDto,
  CsrDto,
  DisputeClaimDto,
  InvoiceDto,
  SetEvidenceDto,
  UpdateClaimDto,
  WithdrawClaimDto,
} from '@poe/contracts/bodies';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ListClaimsQueryDto {
  @IsOptional() @IsIn(CLAIM_STATUSES as unknown as string[]) status?: ClaimStatus;
  @IsOptional() @Matches(ID) campaignId?: string;
  /** Review team and services only; partner-side callers always see just their own partner. */
  @IsOptional() @Matches(ID) partnerId?: string;
  /** Execution date range, inclusive. */
  @IsOptional() @Matches(DATE) from?: string;
  @IsOptional() @Matches(DATE) to?: string;
  @IsOptional() @IsIn(['createdAt', '-createdAt']) sort?: 'createdAt' | '-createdAt';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,400}$/) cursor?: string;
}
