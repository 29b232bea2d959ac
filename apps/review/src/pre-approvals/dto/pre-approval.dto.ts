import { IsIn, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../shared/page-query.dto';

// The bodies are written once in @poe/contracts/bodies: the gateway publishes their schemas from the same classes.
export { GrantPreApprovalDto, RevokePreApprovalDto } from '@poe/contracts/bodies';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export class ListPreApprovalsQuery extends PageQueryDto {
  @IsOptional()
  @Matches(ID_PATTERN)
  partnerId?: string;

  @IsOptional()
  @Matches(ID_PATTERN)
  campaignId?: string;

  @IsOptional()
  @IsIn(['active', 'not_yet_valid', 'expired', 'revoked'])
  status?: 'active' | 'not_yet_valid' | 'expired' | 'revoked';
}
