import { defineEvent } from '../../define-event';
import { TOPICS } from '../../topics';
import { DATE, ID, REVISION, TEXT, TIMESTAMP } from '../common';

/** A program's settings as events carry them. */
export interface ProgramSettingsData {
  /** Business days after a rejection in which the partner may dispute it. */
  disputeWindowBusinessDays: number;
  /** Days that are not business days (besides weekends), ascending. */
  holidays: string[];
}

export interface ProgramSettingsChangedV1Data extends ProgramSettingsData {
  programId: string;
  revision: number;
  /** The settings before the change. */
  previous: ProgramSettingsData;
  reason?: string;
  changedBy: string;
  changedAt: string;
}

const SETTINGS = {
  disputeWindowBusinessDays: { type: 'integer', minimum: 1, maximum: 60 },
  holidays: { type: 'array', items: DATE, maxItems: 366 },
} as const;

export const programSettingsChangedV1 = defineEvent<ProgramSettingsChangedV1Data>()({
  type: 'poe.claims.program.settings-changed.v1',
  // Programs are catalog aggregates like campaigns; their few events share the catalog topic, keyed by program id.
  topic: TOPICS.campaign,
  summary:
    "An admin changed a program's dispute window or holidays; rejections are judged by the settings in force when the partner disputes.",
  subjectField: 'programId',
  schema: {
    type: 'object',
    required: ['programId', 'revision', 'previous', 'disputeWindowBusinessDays', 'holidays', 'changedBy', 'changedAt'],
    properties: {
      programId: ID,
      revision: REVISION,
      previous: { type: 'object', required: ['disputeWindowBusinessDays', 'holidays'], properties: SETTINGS },
      ...SETTINGS,
      reason: TEXT,
      changedBy: ID,
      changedAt: TIMESTAMP,
    },
  },
  example: {
    programId: 'PRG-COOP-2026',
    revision: 2,
    previous: { disputeWindowBusinessDays: 5, holidays: [] },
    disputeWindowBusinessDays: 7,
    holidays: ['2026-12-24', '2026-12-25', '2027-01-01'],
    reason: 'Seven business days over the holidays.',
    changedBy: 'rev-0031',
    changedAt: '2026-12-02T09:00:00.000Z',
  },
});
