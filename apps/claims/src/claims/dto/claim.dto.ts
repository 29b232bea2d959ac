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

// The list's query is written once in @poe/contracts/queries: the gateway checks and publishes it from the same class.
export { ListClaimsQueryDto } from '@poe/contracts/queries';
