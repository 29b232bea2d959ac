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

// The campaign list's query is written once in @poe/contracts/queries, like the bodies.
export { CampaignQueryDto } from '@poe/contracts/queries';
