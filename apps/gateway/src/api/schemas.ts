/**
 * JSON schemas (OpenAPI 3.0 dialect: `nullable`, no `type: 'null'`) of the bodies the public API
 * takes and answers, published under components.schemas. Neither is written here: request schemas
 * are derived from the DTO classes the services validate with (@poe/contracts/bodies), response
 * schemas are the shapes the services' view mappers are typed with (@poe/contracts/responses), so
 * a field the document and a service disagree on fails the build (docs/gateway.md).
 */
import * as bodies from '@poe/contracts/bodies';
import { RESPONSE_SCHEMAS, type ResponseName } from '@poe/contracts/responses';

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const arrayOf = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
const object = (properties: Record<string, Schema>, required: string[]): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

export { RESPONSE_SCHEMAS };

/**
 * Request bodies, by component name: the DTO classes the services validate with (@poe/contracts/bodies),
 * their schemas derived from the classes' class-validator rules (whitelisted: an unknown field answers
 * 400; `@IsOptional()` fields take null). A nested class named here is referenced, any other is inline.
 */
export const REQUEST_BODIES = {
  MoneyInput: bodies.MoneyDto,
  CreateProgram: bodies.CreateProgramDto,
  CreatePlan: bodies.CreatePlanDto,
  CreatePartner: bodies.CreatePartnerDto,
  CreateCampaign: bodies.CreateCampaignDto,
  CreateClaim: bodies.CreateClaimDto,
  UpdateClaim: bodies.UpdateClaimDto,
  SetEvidence: bodies.SetEvidenceDto,
  AttachProof: bodies.AttachProofDto,
  AddComment: bodies.AddCommentDto,
  ExtendClaimDeadline: bodies.ExtendClaimDeadlineDto,
  ChangeReimbursement: bodies.ChangeReimbursementDto,
  WithdrawClaim: bodies.WithdrawClaimDto,
  DisputeClaim: bodies.DisputeClaimDto,
  ChangeProgramSettings: bodies.ChangeProgramSettingsDto,
  GenerateCsr: bodies.GenerateCsrDto,
  AssignReviewItem: bodies.AssignDto,
  ReviewStep: bodies.StartReviewDto,
  RequestAction: bodies.RequestActionDto,
  Reject: bodies.RejectDto,
  Approve: bodies.ApproveDto,
  GrantPreApproval: bodies.GrantPreApprovalDto,
  RevokePreApproval: bodies.RevokePreApprovalDto,
  RecordPayout: bodies.RecordPayoutDto,
} as const;

export const REQUEST_SCHEMAS = bodies.bodySchemas(REQUEST_BODIES) as Record<RequestSchemaName, Schema>;

export type ResponseSchemaName = ResponseName;
export type RequestSchemaName = keyof typeof REQUEST_BODIES;

/** RFC 9457 problem details plus our stable `code` and the field violations of a refusal. */
export const PROBLEM_SCHEMA: Schema = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each field and the rule it broke.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: str({ format: 'uri' }),
    title: str(),
    status: int({ minimum: 400, maximum: 599 }),
    detail: str(),
    code: str({ description: 'stable error code, e.g. CLAIM.EXECUTION_DATE_OUTSIDE_CAMPAIGN' }),
    instance: str(),
    correlationId: str(),
    errors: arrayOf(
      object(
        {
          field: str(),
          rule: str(),
          message: str(),
          line: int({ minimum: 1, description: 'for a refused file: the line of the field (the header is line 1)' }),
          code: str({ description: 'when one refusal lists several rules, e.g. one per line of a file' }),
        },
        ['field', 'rule', 'message'],
      ),
    ),
  },
};

/** Everything under components.schemas. */
export const COMPONENT_SCHEMAS: Record<string, Schema> = {
  ...RESPONSE_SCHEMAS,
  ...REQUEST_SCHEMAS,
  Problem: PROBLEM_SCHEMA,
};
