/**
 * JSON schemas (OpenAPI 3.0 dialect: `nullable`, no `type: 'null'`) of the bodies the public API
 * takes and answers, published under components.schemas. Request schemas are derived from the DTO
 * classes the services validate with (@poe/contracts/bodies), never written here; response schemas
 * follow the services' view mappers (claimView, campaignView, toView, itemDetailView, ...) and are
 * closed (`additionalProperties: false`) so an internal field leaking out breaks the contract.
 * An object or enum used in more than one place is a component, named once and referenced
 * (`ref`): client generators make one model per inline object, and two inline copies become two
 * models with one name (openapi.spec.ts refuses a schema object written twice inline).
 */
import {
  AMOUNT_PATTERN,
  CONTRIBUTION_RATIO_PATTERN,
  CLAIM_STATUSES,
  CURRENCY_CODES,
  DOCUMENT_KINDS,
  REASON_CODE_PATTERN,
  REVIEW_DECISIONS,
  REVIEW_DOCUMENT_ROLES,
  REVIEW_ITEM_STATUSES,
  REVIEW_OUTCOMES,
} from '@poe/contracts';
import * as bodies from '@poe/contracts/bodies';
import {
  DISPUTE_FIGURE_PROPERTIES,
  DISPUTE_RESPONSE_SCHEMAS,
  PROGRAM_SETTINGS_PROPERTIES,
  PROGRAM_SETTINGS_REQUIRED,
  REVIEW_ITEM_KIND,
} from './dispute-schemas';

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const nullable = (s: Schema): Schema => ({ ...s, nullable: true });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const bool: Schema = { type: 'boolean' };
const arrayOf = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
/** A closed object: every property listed, `required` the ones always present. */
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});
/** Free-form values (history changes, event details). */
const anyObject: Schema = { type: 'object', additionalProperties: true };

/** A reference to a component (components.schemas). */
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** OpenAPI 3.0 ignores siblings of `$ref`: a nullable reference goes through `allOf`. */
const nullableRef = (name: string): Schema => ({ nullable: true, allOf: [ref(name)] });

// ---- shared fragments ----
const TIMESTAMP = str({ format: 'date-time' });
const DATE = str({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ID = str({ minLength: 1, maxLength: 128 });
/** The active ISO 4217 codes of @poe/contracts' money (docs/money.md), one component. */
const CURRENCY_SCHEMA = str({ enum: [...CURRENCY_CODES], example: 'EUR' });
/** Money as every service answers it: a decimal string and an ISO 4217 code, never a JSON number. */
const MONEY_SCHEMA = object({ amount: str({ pattern: AMOUNT_PATTERN }), currency: ref('Currency') });
const MONEY = ref('Money');

const REASON_CODE = str({ pattern: REASON_CODE_PATTERN });

const DUPLICATE_FLAG_SCHEMA = object({
  reason: ref('DuplicateReason'),
  documentId: ID,
  matchingClaimIds: arrayOf(ID),
});
/** On a claim: a partner-side caller is named only its own partner's matching claims, and told how many there are. */
const CLAIM_DUPLICATE_FLAG = object({
  reason: ref('DuplicateReason'),
  documentId: ID,
  matchingClaimCount: int({ minimum: 1, description: 'matching claims of every partner' }),
  matchingClaimIds: arrayOf(ID, {
    description:
      "every matching claim for reviewers and service accounts; a partner's own claims only for partner users",
  }),
});
const DUPLICATE_FLAG = ref('DuplicateFlag');
const DOCUMENT_KIND = ref('DocumentKind');

// ---- catalog (claims service) ----
const PROGRAM = object(
  {
    id: ID,
    name: str(),
    description: str(),
    minimumPayouts: arrayOf(MONEY, { description: 'per currency; absent: no minimum payout' }),
    ...PROGRAM_SETTINGS_PROPERTIES,
    createdAt: TIMESTAMP,
    createdBy: str(),
  },
  ['id', 'name', ...PROGRAM_SETTINGS_REQUIRED, 'createdAt', 'createdBy'],
);
const PLAN = object(
  { id: ID, programId: ID, name: str(), description: str(), createdAt: TIMESTAMP, createdBy: str() },
  ['id', 'programId', 'name', 'createdAt', 'createdBy'],
);
const PARTNER = object({ id: ID, name: str(), createdAt: TIMESTAMP, createdBy: str() });
/** docs/reimbursement.md: the share of a claim's cost the vendor pays, and the most per claim. */
const RATIO = str({
  pattern: CONTRIBUTION_RATIO_PATTERN,
  example: '0.5',
  description: 'a decimal string 0 < ratio <= 1 with at most 4 decimals; "1" pays the whole cost',
});
const REIMBURSEMENT_RULES = object({
  contributionRatio: RATIO,
  capPerClaim: { ...nullableRef('Money'), description: "in the campaign's currency; null: no cap" },
});
const BALANCE = object({
  campaignId: ID,
  revision: int({ minimum: 1 }),
  allocated: MONEY,
  reserved: MONEY,
  approved: MONEY,
  /** The part of approved paid out, in the campaign currency (payouts at their rates). */
  paid: MONEY,
  remaining: MONEY,
});
const CAMPAIGN = object({
  id: ID,
  programId: ID,
  planId: ID,
  partnerId: ID,
  name: str(),
  activityType: str(),
  startDate: DATE,
  endDate: DATE,
  claimDeadlineDays: int({ minimum: 0 }),
  claimDeadline: { ...DATE, description: 'last day a claim may be submitted' },
  claimDeadlineHistory: {
    type: 'array',
    description: 'every extension of the claim deadline, oldest first',
    items: {
      ...object({ from: DATE, to: DATE, by: str(), at: TIMESTAMP, reason: str() }),
      required: ['from', 'to', 'by', 'at'],
    },
  },
  contributionRatio: RATIO,
  capPerClaim: { ...nullableRef('Money'), description: "in the campaign's currency; null: no cap" },
  reimbursementHistory: {
    type: 'array',
    description: 'every change of the reimbursement rules, oldest first',
    items: {
      ...object({
        from: ref('ReimbursementRules'),
        to: ref('ReimbursementRules'),
        by: str(),
        at: TIMESTAMP,
        reason: str(),
      }),
      required: ['from', 'to', 'by', 'at'],
    },
  },
  allocated: MONEY,
  balance: ref('CampaignBalance'),
  createdAt: TIMESTAMP,
});

// ---- claims (claims service, claim-view.ts) ----
/** One line of an allocation file as the reports name it (absent fields: the line could not be read). */
const ALLOCATION_LINE: Record<string, Schema> = {
  line: int({ minimum: 2, description: 'line number in the file; the header is line 1' }),
  partnerId: ID,
  campaignId: ID,
  allocationId: ID,
  amount: MONEY,
};
const CLAIM_STATUS_SCHEMA = str({
  enum: [...CLAIM_STATUSES],
});
const CLAIM_STATUS = ref('ClaimStatus');
const CLAIM_HISTORY_ENTRY_SCHEMA = object(
  {
    at: TIMESTAMP,
    actor: str(),
    action: str({ description: 'created, updated, evidence_attached, submitted, review_approve, ...' }),
    changes: { type: 'object', additionalProperties: object({ from: {}, to: {} }) },
    note: str(),
  },
  ['at', 'actor', 'action'],
);
const CLAIM_HISTORY_ENTRY = ref('ClaimHistoryEntry');
/** The parts of a claim, components so that Claim and ClaimWithHistory share them. */
const CLAIM_PARTS: Record<string, Schema> = {
  ClaimDetails: object({
    claimName: nullable(str()),
    claimDate: nullable(DATE),
    estimatedImpressions: nullable(int({ minimum: 0 })),
    preApprovalId: nullable(str()),
  }),
  ClaimEvidence: {
    type: 'object',
    description: 'exactly one of invoice or csr',
    additionalProperties: false,
    minProperties: 1,
    maxProperties: 1,
    properties: {
      invoice: object({
        documentId: ID,
        invoiceNumber: str(),
        invoiceDate: DATE,
        vendor: str(),
        amount: MONEY,
      }),
      csr: object({ documentId: ID, total: MONEY }),
    },
  },
  ClaimProofDocument: object({ documentId: ID, note: str(), attachedAt: TIMESTAMP, attachedBy: str() }),
  ClaimComment: object({ text: str(), by: str(), at: TIMESTAMP }),
  ClaimSubmission: object({
    count: int({ minimum: 1 }),
    submittedAt: nullable(TIMESTAMP),
    submittedBy: nullable(str()),
    reviewDueAt: nullable(TIMESTAMP),
  }),
  ClaimDecision: object(
    {
      decision: ref('ReviewOutcome'),
      reasonCodes: arrayOf(str()),
      message: str(),
      reviewerId: str(),
      decidedAt: TIMESTAMP,
    },
    ['decision', 'reasonCodes', 'reviewerId', 'decidedAt'],
  ),
};
const claimProperties: Record<string, Schema> = {
  id: ID,
  partnerId: ID,
  programId: ID,
  planId: ID,
  campaignId: ID,
  status: CLAIM_STATUS,
  version: int({ minimum: 1 }),
  name: str(),
  executionDate: DATE,
  amount: MONEY,
  claimed: MONEY,
  reimbursable: {
    ...nullableRef('Money'),
    description:
      'what the campaign reimburses of the claimed cost (ratio, then cap), frozen by the last submit: what it reserves and the most a reviewer may approve; null until submitted',
  },
  approved: { ...nullableRef('Money'), description: 'the approved amount (the same as approvedAmount)' },
  reimbursement: {
    ...nullableRef('ReimbursementRules'),
    description: "the campaign's rules the last submit froze; null until submitted (or submitted before the rules)",
  },
  details: ref('ClaimDetails'),
  evidence: nullableRef('ClaimEvidence'),
  proofDocuments: arrayOf(ref('ClaimProofDocument')),
  comments: arrayOf(ref('ClaimComment')),
  submission: nullableRef('ClaimSubmission'),
  reserved: nullableRef('Money'),
  approvedAmount: nullableRef('Money'),
  decision: nullableRef('ClaimDecision'),
  dispute: nullableRef('ClaimDispute'),
  payment: nullableRef('ClaimPayment'),
  duplicateFlags: arrayOf(ref('ClaimDuplicateFlag')),
  createdAt: TIMESTAMP,
  createdBy: str(),
  updatedAt: TIMESTAMP,
};
const CLAIM = object(claimProperties);

// ---- payments (claims service, payments/payment.ts) ----
const PAYMENT_STATUS = ref('PaymentStatus');
const PAYOUT = object(
  {
    reference: str(),
    date: DATE,
    /** In the payout currency. */
    amount: MONEY,
    exchangeRate: str({ description: 'payout currency units per 1 campaign currency unit' }),
    /** What the payout counts against the approved amount, in the campaign currency. */
    counted: MONEY,
    recordedAt: TIMESTAMP,
    recordedBy: str(),
  },
  ['reference', 'date', 'amount', 'counted', 'recordedAt', 'recordedBy'],
);
const paymentProperties: Record<string, Schema> = {
  status: PAYMENT_STATUS,
  paid: MONEY,
  outstanding: MONEY,
  payouts: arrayOf(ref('Payout')),
};
const PAYABLE = object({
  claimId: ID,
  partnerId: ID,
  programId: ID,
  campaignId: ID,
  approved: MONEY,
  paid: MONEY,
  outstanding: MONEY,
  paymentStatus: PAYMENT_STATUS,
  payable: bool,
  holdReason: nullable(str({ enum: ['BELOW_MINIMUM_PAYOUT'] })),
  /** The partner's unpaid approved total in this program and currency: what the minimum is checked against. */
  partnerOutstanding: MONEY,
  minimumPayout: nullableRef('Money'),
});
/** GET /claims/{id} adds the history. */
const CLAIM_WITH_HISTORY = object({ ...claimProperties, history: arrayOf(CLAIM_HISTORY_ENTRY) });

// ---- documents (documents service, toView) ----
const DOCUMENT = object(
  {
    id: ID,
    partnerId: ID,
    kind: DOCUMENT_KIND,
    status: str({ enum: ['stored', 'missing'] }),
    fileName: str(),
    contentType: str(),
    size: int({ minimum: 0 }),
    sha256: str({ pattern: '^([0-9a-f]{64})?$' }),
    duplicateOf: arrayOf(ID, { description: 'earlier documents with the same SHA-256 that the caller may know of' }),
    claimId: ID,
    submittedWithClaimId: ID,
    retainUntil: TIMESTAMP,
    uploadedBy: str(),
    uploadedAt: TIMESTAMP,
    receipt: str({
      description:
        'only in the answer to the upload: pass it back with the documentId (evidence, proof) so the claim can use the document at once',
    }),
  },
  [
    'id',
    'partnerId',
    'kind',
    'status',
    'fileName',
    'contentType',
    'size',
    'sha256',
    'duplicateOf',
    'uploadedBy',
    'uploadedAt',
  ],
);
const DOWNLOAD_LINK = object({ url: str({ format: 'uri' }), expiresAt: TIMESTAMP });

// ---- review (review service, review-item.view.ts) ----
const ITEM_STATUS_SCHEMA = str({ enum: [...REVIEW_ITEM_STATUSES] });
const ITEM_STATUS = ref('ReviewItemStatus');
const FUNDS_SCHEMA = object({
  allocated: MONEY,
  reserved: MONEY,
  approved: MONEY,
  remaining: MONEY,
  asOf: TIMESTAMP,
  revision: int(),
});
const FUNDS = ref('ReviewFunds');
const itemSummaryProperties: Record<string, Schema> = {
  claimId: ID,
  partnerId: ID,
  programId: ID,
  campaignId: ID,
  name: str(),
  claimedAmount: MONEY,
  reimbursableAmount: MONEY,
  status: ITEM_STATUS,
  dueAt: TIMESTAMP,
  funds: FUNDS,
  overdue: bool,
  assigneeId: str(),
  submittedAt: TIMESTAMP,
  submissionCount: int({ minimum: 0 }),
  hasDuplicateFlags: bool,
  kind: REVIEW_ITEM_KIND,
  version: int({ minimum: 1 }),
};
const ITEM_SUMMARY_REQUIRED = [
  'claimId',
  'partnerId',
  'status',
  'overdue',
  'submissionCount',
  'hasDuplicateFlags',
  'kind',
  'version',
];
const REVIEW_ITEM_SUMMARY = object(itemSummaryProperties, ITEM_SUMMARY_REQUIRED);
const REVIEW_ITEM = object(
  {
    ...itemSummaryProperties,
    preApprovalId: str(),
    executionDate: DATE,
    approvedAmount: MONEY,
    confirmedStatus: ITEM_STATUS,
    pendingDecision: object({
      decision: str({ enum: [...REVIEW_DECISIONS] }),
      reviewerId: str(),
      decidedAt: TIMESTAMP,
      expectedClaimRevision: int(),
    }),
    claimRevision: int({ minimum: 0 }),
    firstSubmittedAt: TIMESTAMP,
    decidedAt: TIMESTAMP,
    lastActionRequest: object({ reasonCodes: arrayOf(str()), message: str() }),
    dispute: ref('ReviewItemDispute'),
    documents: arrayOf(
      object(
        {
          documentId: ID,
          kind: DOCUMENT_KIND,
          note: str(),
          inLatestSubmission: bool,
          duplicateFlags: arrayOf(DUPLICATE_FLAG),
        },
        ['documentId', 'inLatestSubmission', 'duplicateFlags'],
      ),
    ),
    duplicateFlags: arrayOf(DUPLICATE_FLAG),
    history: arrayOf(
      object(
        {
          at: TIMESTAMP,
          kind: str({ description: 'claim.submitted, decision.approve, assigned, overdue, ...' }),
          actor: str(),
          claimRevision: int(),
          details: anyObject,
        },
        ['at', 'kind', 'actor'],
      ),
    ),
  },
  [...ITEM_SUMMARY_REQUIRED, 'confirmedStatus', 'claimRevision', 'documents', 'duplicateFlags', 'history'],
);
const figureProperties: Record<string, Schema> = {
  queueLength: int({ minimum: 0 }),
  queued: int({ minimum: 0 }),
  inReview: int({ minimum: 0 }),
  waitingForPartner: int({ minimum: 0 }),
  overdue: int({ minimum: 0 }),
  decided: int({ minimum: 0 }),
  ...DISPUTE_FIGURE_PROPERTIES,
  medianSecondsToDecision: nullable({ type: 'number', minimum: 0 }),
};
const REVIEW_FIGURES = object({
  asOf: TIMESTAMP,
  decisionWindowDays: int({ minimum: 1 }),
  decisionSampleCapped: bool,
  total: object(figureProperties),
  programs: arrayOf(object({ programId: str(), ...figureProperties })),
});
const REASON_CODE_LISTS = object(
  Object.fromEntries(REVIEW_OUTCOMES.map((outcome) => [outcome, arrayOf(REASON_CODE)])) as Record<string, Schema>,
);

// ---- pre-approvals (review service) ----
const PRE_APPROVAL = object(
  {
    preApprovalId: str({ pattern: '^PA-\\d{4}-\\d{6}$' }),
    partnerId: ID,
    campaignId: ID,
    description: str(),
    validFrom: TIMESTAMP,
    validUntil: TIMESTAMP,
    status: str({ enum: ['active', 'not_yet_valid', 'expired', 'revoked'] }),
    grantedAt: TIMESTAMP,
    grantedBy: str({ description: 'review team only' }),
    revokedAt: TIMESTAMP,
    revokedBy: str({ description: 'review team only' }),
    revokeReason: str(),
  },
  ['preApprovalId', 'partnerId', 'campaignId', 'validFrom', 'validUntil', 'status', 'grantedAt'],
);

// ---- the reviewer's claim view (composed by the gateway, composed-views.ts) ----
const REVIEWER_DOCUMENT = object(
  {
    documentId: ID,
    role: str({ enum: [...REVIEW_DOCUMENT_ROLES] }),
    note: str(),
    fileName: str(),
    contentType: str(),
    size: int({ minimum: 0 }),
    sha256: str(),
    duplicateOf: arrayOf(ID),
    download: nullableRef('DownloadLink'),
    problem: object({ status: int(), code: str() }, ['status']),
  },
  ['documentId', 'role', 'download'],
);

const page = (items: Schema, nextCursor: Schema, required = ['items']): Schema =>
  object({ items: arrayOf(items), nextCursor }, required);

/** Response bodies, by component name. */
export const RESPONSE_SCHEMAS = {
  Currency: CURRENCY_SCHEMA,
  Money: MONEY_SCHEMA,
  Program: PROGRAM,
  ProgramList: object({ items: arrayOf(ref('Program')) }),
  Plan: PLAN,
  PlanList: object({ items: arrayOf(ref('Plan')) }),
  Partner: PARTNER,
  PartnerList: object({ items: arrayOf(ref('Partner')) }),
  ReimbursementRules: REIMBURSEMENT_RULES,
  Campaign: CAMPAIGN,
  CampaignList: object({ items: arrayOf(ref('Campaign')) }),
  CampaignBalance: BALANCE,
  ClaimStatus: CLAIM_STATUS_SCHEMA,
  ClaimHistoryEntry: CLAIM_HISTORY_ENTRY_SCHEMA,
  DuplicateReason: str({ enum: ['same_file_hash', 'same_vendor_invoice_number'] }),
  DuplicateFlag: DUPLICATE_FLAG_SCHEMA,
  ClaimDuplicateFlag: CLAIM_DUPLICATE_FLAG,
  ...CLAIM_PARTS,
  Claim: CLAIM,
  ClaimWithHistory: CLAIM_WITH_HISTORY,
  ClaimList: page(ref('Claim'), nullable(str()), ['items', 'nextCursor']),
  PaymentStatus: str({ enum: ['UNPAID', 'PARTIALLY_PAID', 'PAID'] }),
  Payout: PAYOUT,
  ClaimPayment: object(paymentProperties),
  Payment: object({ claimId: ID, ...paymentProperties }),
  Payable: PAYABLE,
  PayableList: page(ref('Payable'), nullable(str()), ['items', 'nextCursor']),
  ClaimHistory: object({
    claimId: ID,
    status: CLAIM_STATUS,
    version: int({ minimum: 1 }),
    items: arrayOf(CLAIM_HISTORY_ENTRY),
  }),
  DocumentKind: str({ enum: [...DOCUMENT_KINDS] }),
  Document: DOCUMENT,
  DocumentList: object({ items: arrayOf(ref('Document')) }),
  DownloadLink: DOWNLOAD_LINK,
  ReviewItemStatus: ITEM_STATUS_SCHEMA,
  ReviewFunds: FUNDS_SCHEMA,
  ReviewItemSummary: REVIEW_ITEM_SUMMARY,
  ReviewQueue: page(ref('ReviewItemSummary'), str()),
  ReviewItem: REVIEW_ITEM,
  ReviewerClaimView: object({
    claim: ref('ClaimWithHistory'),
    review: nullableRef('ReviewItem'),
    documents: arrayOf(REVIEWER_DOCUMENT),
  }),
  ReasonCodes: REASON_CODE_LISTS,
  ReviewFigures: REVIEW_FIGURES,
  PreApproval: PRE_APPROVAL,
  PreApprovalList: page(ref('PreApproval'), str()),
  AllocationProblem: object({ line: int({ minimum: 1 }), field: str(), rule: str(), code: str(), message: str() }, [
    'line',
    'field',
    'rule',
    'code',
    'message',
  ]),
  AllocationDryRun: object({
    dryRun: { type: 'boolean', enum: [true] },
    file: ref('AllocationFile'),
    valid: bool,
    summary: object({
      createCampaign: int({ minimum: 0 }),
      allocate: int({ minimum: 0 }),
      unchanged: int({ minimum: 0 }),
      invalid: int({ minimum: 0 }),
    }),
    lines: arrayOf(
      object(
        {
          ...ALLOCATION_LINE,
          outcome: str({ enum: ['create_campaign', 'allocate', 'unchanged', 'invalid'] }),
        },
        ['line', 'outcome'],
      ),
    ),
    errors: arrayOf(ref('AllocationProblem')),
  }),
  AllocationApplied: object({
    dryRun: { type: 'boolean', enum: [false] },
    file: ref('AllocationFile'),
    summary: object({
      campaignCreated: int({ minimum: 0 }),
      allocated: int({ minimum: 0 }),
      unchanged: int({ minimum: 0 }),
      refused: int({ minimum: 0 }),
    }),
    lines: arrayOf(
      object(
        {
          ...ALLOCATION_LINE,
          outcome: str({ enum: ['campaign_created', 'allocated', 'unchanged', 'refused'] }),
          balance: ref('CampaignBalance'),
          errors: arrayOf(ref('AllocationProblem'), {
            description: 'only for a refused line: the catalog changed between the check and the write',
          }),
        },
        ['line', 'outcome'],
      ),
    ),
  }),
  AllocationFile: object({ sha256: str({ pattern: '^[0-9a-f]{64}$' }), lines: int({ minimum: 1 }) }),
  ...DISPUTE_RESPONSE_SCHEMAS,
} satisfies Record<string, Schema>;

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

export type ResponseSchemaName = keyof typeof RESPONSE_SCHEMAS;
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
