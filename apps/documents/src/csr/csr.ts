import { formatMoney, isCurrency, minorDigits, readMoney } from '@poe/contracts';
import { DomainError, FieldViolation } from '@poe/platform';

/** The partner's answers for a Certification Service Report, as posted (amounts as decimal strings). */
export interface CsrInput {
  claimId: string;
  activityDescription: string;
  executionStartDate: string;
  executionEndDate: string;
  currency: string;
  costLines: { description: string; quantity: number; unitCost: string }[];
  total: string;
  certifiedBy: { name: string; title: string };
  statementAccepted: boolean;
}

/** A validated report: money in integer minor units of its currency, never floating point. */
export interface CertificationReport {
  claimId: string;
  activityDescription: string;
  executionStartDate: string;
  executionEndDate: string;
  currency: string;
  lines: { description: string; quantity: number; unitCostMinor: number; lineTotalMinor: number }[];
  totalMinor: number;
  certifiedBy: { name: string; title: string };
}

/** What the partner certifies; printed on the report above the signature block. */
export const CERTIFICATION_STATEMENT =
  'I certify that the marketing services described in this report were performed as stated during the ' +
  'execution period shown, that the costs listed were actually incurred for this activity and have not been ' +
  'claimed elsewhere, and that the information in this report is true and complete.';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "1180.5" EUR -> 118050, "1000" XOF -> 1000. Undefined unless a non-negative amount with at most the currency's decimals. */
export function toMinorUnits(amount: string, currency: string): number | undefined {
  const reading = readMoney({ amount, currency }, 'amount');
  return reading.ok ? reading.money.minor : undefined;
}

/** 118050 EUR -> "1180.50", the decimal string events and APIs carry. */
export const fromMinorUnits = (minor: number, currency: string): string => formatMoney({ minor, currency }).amount;

/** 118050 EUR -> "1,180.50", for people. */
export function formatMinorUnits(minor: number, currency: string): string {
  const [whole, fraction] = fromMinorUnits(minor, currency).split('.');
  const grouped = Number(whole).toLocaleString('en-US');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

const invalid = (violations: FieldViolation[]) =>
  new DomainError('CSR.INVALID', 'invalid', violations.map((v) => `${v.field}: ${v.message}`).join('; '), violations);

export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * The report's rules, all checked so the partner sees every problem at once: the statement is
 * accepted, the execution dates are real and in order, each line costs something, and the total
 * equals the sum of quantity x unit cost exactly (in the currency's minor units, docs/money.md).
 */
export function validateCsr(input: CsrInput): CertificationReport {
  const violations: FieldViolation[] = [];
  const violate = (field: string, rule: string, message: string) => violations.push({ field, rule, message });
  if (input.statementAccepted !== true)
    violate('statementAccepted', 'mustBeTrue', 'the certification statement must be accepted');
  const startOk = isCalendarDate(input.executionStartDate);
  const endOk = isCalendarDate(input.executionEndDate);
  if (!startOk) violate('executionStartDate', 'isDate', 'must be a calendar date YYYY-MM-DD');
  if (!endOk) violate('executionEndDate', 'isDate', 'must be a calendar date YYYY-MM-DD');
  if (startOk && endOk && input.executionEndDate < input.executionStartDate) {
    violate('executionEndDate', 'notBeforeStart', 'the execution cannot end before it starts');
  }
  if (!isCurrency(input.currency)) {
    violate('currency', 'isIso4217', 'must be an active ISO 4217 code such as EUR');
    throw invalid(violations);
  }
  const currency = input.currency;
  const amountRule = `must be an amount above 0 with at most ${minorDigits(currency)} decimals (${currency})`;
  const lines: CertificationReport['lines'] = [];
  input.costLines.forEach((line, i) => {
    const unitCostMinor = toMinorUnits(line.unitCost, currency);
    if (unitCostMinor === undefined || unitCostMinor === 0) {
      violate(`costLines[${i}].unitCost`, 'isPositiveAmount', amountRule);
      return;
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      violate(`costLines[${i}].quantity`, 'isPositiveInteger', 'must be a whole number of at least 1');
      return;
    }
    lines.push({
      description: line.description.trim(),
      quantity: line.quantity,
      unitCostMinor,
      lineTotalMinor: unitCostMinor * line.quantity,
    });
  });
  const totalMinor = toMinorUnits(input.total, currency);
  if (totalMinor === undefined || totalMinor === 0) {
    violate('total', 'isPositiveAmount', amountRule);
  } else if (lines.length === input.costLines.length) {
    const sum = lines.reduce((s, l) => s + l.lineTotalMinor, 0);
    if (!Number.isSafeInteger(sum))
      violate('total', 'withinRange', 'the cost lines add up to more than can be claimed');
    else if (sum !== totalMinor) {
      violate(
        'total',
        'equalsSumOfCostLines',
        `the total ${fromMinorUnits(totalMinor, currency)} does not equal the sum of the cost lines ${fromMinorUnits(sum, currency)}`,
      );
    }
  }
  if (violations.length > 0) throw invalid(violations);
  return {
    claimId: input.claimId,
    activityDescription: input.activityDescription.trim(),
    executionStartDate: input.executionStartDate,
    executionEndDate: input.executionEndDate,
    currency: input.currency,
    lines,
    totalMinor: totalMinor!,
    certifiedBy: { name: input.certifiedBy.name.trim(), title: input.certifiedBy.title.trim() },
  };
}
