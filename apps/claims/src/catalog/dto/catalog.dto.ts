import { IsOptional, Matches } from 'class-validator';

// The bodies are written once in @poe/contracts/bodies: the gateway publishes their schemas from the same classes.
export {
  ChangeProgramSettingsDto,
  ChangeReimbursementDto,
  CreateCampaignDto,
  CreatePartnerDto,
  CreatePlanDto,
  CreateProgramDto,
  ExtendClaimDeadlineDto,
} from '@poe/contracts/bodies';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class CampaignQueryDto {
  @IsOptional() @Matches(ID_PATTERN) partnerId?: string;
  @IsOptional() @Matches(ID_PATTERN) planId?: string;
  @IsOptional() @Matches(ID_PATTERN) programId?: string;
}
