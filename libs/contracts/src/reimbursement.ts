// The rules on the wire ({ contributionRatio, capPerClaim }, docs/reimbursement.md) are the
// `ReimbursementRules` response shape (responses/catalog.ts), written once there.

/** The ratio as an integer count of 1/10^4 (basis points), so no float ever touches it. */
export const RATIO_SCALE = 10_000;

/** The shape of a ratio (published in the OpenAPI document); its range is `readContributionRatio`'s. */
export const CONTRIBUTION_RATIO_PATTERN = '^(0|1)(\\.[0-9]{1,4})?$';
const RATIO = new RegExp(CONTRIBUTION_RATIO_PATTERN);

export type RatioReading =
  { ok: true; basisPoints: number } | { ok: false; rule: 'isRatio' | 'inRange'; message: string };

/** "0.5" -> 5000 by string arithmetic; "0" and anything above 1 are refused as values. */
export function readContributionRatio(ratio: unknown, field = 'contributionRatio'): RatioReading {
  if (typeof ratio !== 'string' || !RATIO.test(ratio))
    return {
      ok: false,
      rule: 'isRatio',
      message: `${field} must be a decimal string with at most 4 decimals, such as "0.5"`,
    };
  const [whole, fraction = ''] = ratio.split('.');
  const basisPoints = Number(whole) * RATIO_SCALE + Number(fraction.padEnd(4, '0'));
  if (basisPoints <= 0 || basisPoints > RATIO_SCALE)
    return { ok: false, rule: 'inRange', message: `${field} must be more than 0 and at most 1` };
  return { ok: true, basisPoints };
}

/** 5000 -> "0.5", 10000 -> "1", 1234 -> "0.1234": the inverse of `readContributionRatio`, shortest form. */
export function formatContributionRatio(basisPoints: number): string {
  if (!Number.isSafeInteger(basisPoints) || basisPoints <= 0 || basisPoints > RATIO_SCALE)
    throw new Error(`contribution ratio ${basisPoints}/${RATIO_SCALE} is out of range`);
  if (basisPoints === RATIO_SCALE) return '1';
  return `0.${String(basisPoints).padStart(4, '0').replace(/0+$/, '')}`;
}
