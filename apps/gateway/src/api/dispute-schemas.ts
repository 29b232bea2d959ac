/**
 * The public schemas of disputes and program settings (issue #15 step 2), kept apart from
 * schemas.ts, which spreads them into its components: the claim's `dispute`, the program's
 * settings and their history, the review item's dispute and the dispute figures (the request bodies
 * are derived from their DTOs in @poe/contracts/bodies). Same dialect and conventions as schemas.ts (OpenAPI 3.0, closed objects, components
 * referenced by name); the few helpers are repeated here so this file does not import schemas.ts
 * back.
 */
import { REVIEW_OUTCOMES } from '@poe/contracts';

type Schema = Record<string, unknown>;

const str = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
const int = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  additionalProperties: false,
  ...(required.length ? { required } : {}),
  properties,
});
const TIMESTAMP = str({ format: 'date-time' });
const DATE = str({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const ID = str({ minLength: 1, maxLength: 128 });
const RESOLUTION = ref('ReviewOutcome');

const WINDOW_DAYS = int({
  minimum: 1,
  maximum: 60,
  description:
    'business days after the day of a rejection in which the partner may dispute it (weekends and holidays excluded)',
});
const HOLIDAYS = arrayOf(DATE, {
  description: 'days besides weekends that are not business days (UTC calendar dates), ascending',
});
const SETTINGS = ref('ProgramSettings');

/** Added to the Program response. */
export const PROGRAM_SETTINGS_PROPERTIES: Record<string, Schema> = {
  revision: int({ minimum: 1, description: 'raised by each settings change; send it back as expectedRevision' }),
  disputeWindowBusinessDays: WINDOW_DAYS,
  holidays: HOLIDAYS,
  settingsHistory: arrayOf(ref('ProgramSettingsChange')),
};
export const PROGRAM_SETTINGS_REQUIRED = ['revision', 'disputeWindowBusinessDays', 'holidays', 'settingsHistory'];

/** Added to the ReviewItemSummary and ReviewItem responses. */
export const REVIEW_ITEM_KIND = ref('ReviewItemKind');

/** Added to each figures block. */
export const DISPUTE_FIGURE_PROPERTIES: Record<string, Schema> = {
  disputesOpen: int({ minimum: 0, description: 'disputes of rejections not resolved yet' }),
  disputesResolved: ref('DisputeOutcomeCounts'),
};

export const DISPUTE_RESPONSE_SCHEMAS = {
  ReviewOutcome: str({ enum: [...REVIEW_OUTCOMES] }),
  ProgramSettings: object({ disputeWindowBusinessDays: WINDOW_DAYS, holidays: HOLIDAYS }),
  ReviewItemKind: str({
    enum: ['submission', 'dispute'],
    description: "dispute: the partner's dispute of a rejection, not resolved yet",
  }),
  ProgramSettingsChange: object({ at: TIMESTAMP, by: str(), from: SETTINGS, to: SETTINGS, reason: str() }, [
    'at',
    'by',
    'from',
    'to',
  ]),
  ClaimDispute: object(
    {
      reason: str(),
      newDocumentIds: arrayOf(ID),
      rejection: ref('ClaimDecision'),
      disputeDeadline: { ...DATE, description: 'the last day the rejection could be disputed' },
      disputedAt: TIMESTAMP,
      disputedBy: str(),
      resolution: object({ decision: RESOLUTION, reviewerId: str(), decidedAt: TIMESTAMP }),
    },
    ['reason', 'newDocumentIds', 'rejection', 'disputeDeadline', 'disputedAt', 'disputedBy'],
  ),
  ReviewItemDispute: object(
    {
      reason: str(),
      newDocumentIds: arrayOf(ID),
      disputedAt: TIMESTAMP,
      disputedBy: str(),
      rejectedAt: TIMESTAMP,
      rejectionReasonCodes: arrayOf(str()),
      disputeDeadline: DATE,
      resolution: str({ enum: [...REVIEW_OUTCOMES, 'withdrawn'] }),
      resolvedAt: TIMESTAMP,
    },
    ['reason', 'newDocumentIds', 'disputedAt', 'disputedBy', 'rejectedAt', 'rejectionReasonCodes', 'disputeDeadline'],
  ),
  DisputeOutcomeCounts: object({
    approve: int({ minimum: 0 }),
    reject: int({ minimum: 0 }),
    request_action: int({ minimum: 0 }),
    withdrawn: int({ minimum: 0 }),
  }),
} satisfies Record<string, Schema>;
