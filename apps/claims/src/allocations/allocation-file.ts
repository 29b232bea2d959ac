import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import { DomainError, RequestValidationError } from '@poe/platform';

/**
 * The allocation CSV as a file: UTF-8 (a BOM is allowed, as spreadsheets write one), a header row
 * naming the columns (any order), one allocation per record, at most `maxLines` records. What is
 * wrong with the file as a whole is refused here; what is wrong with a line is for allocation.ts.
 */

/** Columns every line fills. */
export const REQUIRED_COLUMNS = ['partnerId', 'campaignId', 'allocationId', 'amount', 'currency'] as const;
/** Columns of a new campaign; for an existing one they may be left empty, or must match it. */
export const CAMPAIGN_COLUMNS = [
  'planId',
  'name',
  'activityType',
  'startDate',
  'endDate',
  'claimDeadlineDays',
  'contributionRatio',
  'capPerClaim',
] as const;
export const COLUMNS = [...REQUIRED_COLUMNS, ...CAMPAIGN_COLUMNS] as const;
export type Column = (typeof COLUMNS)[number];

/** One record of the file: its line number (the header is line 1) and its cells, trimmed. */
export interface RawLine {
  line: number;
  cells: Partial<Record<Column, string>>;
}

export interface AllocationFile {
  /** SHA-256 of the bytes as sent: names the file in the report and in each applied allocation. */
  sha256: string;
  lines: RawLine[];
}

/** A problem of one line (or of the file: line 1 is the header), as problem+json `errors[]` entries carry it. */
export interface LineViolation {
  line: number;
  field: string;
  rule: string;
  code: string;
  message: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

const headerProblem = (violations: LineViolation[]) =>
  new DomainError(
    'ALLOCATIONS.HEADER_INVALID',
    'invalid',
    'the header row must name the allocation columns: ' + violations.map((v) => v.message).join('; '),
    violations,
  );

export function readAllocationFile(raw: Buffer, maxLines: number): AllocationFile {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    throw new RequestValidationError([{ field: 'body', rule: 'isUtf8', message: 'the CSV file is not valid UTF-8' }]);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    const message = `the body is not well-formed CSV${line ? ` (line ${line})` : ''}: ${(e as Error).message}`;
    throw new RequestValidationError([{ field: 'body', rule: 'isCsv', message, ...(line ? { line } : {}) }]);
  }
  const [header, ...rows] = records;
  if (!header) {
    throw DomainError.invalidField('ALLOCATIONS.FILE_EMPTY', 'body', 'hasLines', 'the CSV file has no header row');
  }
  const names = header.record;
  const problems: LineViolation[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const v = (rule: string, message: string) =>
      problems.push({ line: header.info.lines, field: name, rule, code: 'ALLOCATIONS.HEADER_INVALID', message });
    if (!(COLUMNS as readonly string[]).includes(name)) v('knownColumn', `unknown column "${name}"`);
    else if (seen.has(name)) v('uniqueColumn', `column "${name}" appears twice`);
    seen.add(name);
  }
  for (const name of REQUIRED_COLUMNS) {
    if (!seen.has(name))
      problems.push({
        line: header.info.lines,
        field: name,
        rule: 'requiredColumn',
        code: 'ALLOCATIONS.HEADER_INVALID',
        message: `column "${name}" is missing`,
      });
  }
  if (problems.length) throw headerProblem(problems);
  if (rows.length === 0) {
    throw DomainError.invalidField(
      'ALLOCATIONS.FILE_EMPTY',
      'body',
      'hasLines',
      'the CSV file has no allocation lines',
    );
  }
  if (rows.length > maxLines) {
    throw DomainError.invalidField(
      'ALLOCATIONS.TOO_MANY_LINES',
      'body',
      'maxLines',
      `the CSV file has ${rows.length} allocation lines; at most ${maxLines} per file`,
    );
  }
  const lines = rows.map(({ record, info }) => {
    const cells: RawLine['cells'] = {};
    names.forEach((name, i) => {
      if (record[i] !== '') cells[name as Column] = record[i];
    });
    return { line: info.lines, cells };
  });
  return { sha256: createHash('sha256').update(raw).digest('hex'), lines };
}
