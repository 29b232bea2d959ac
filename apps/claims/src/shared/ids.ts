import { randomBytes } from 'node:crypto';

/**
 * `CLM-<time><random>`: the time part (base 36, fixed width) makes ids sort by creation, which the
 * claim list uses as its cursor; the random part keeps ids from two instances apart.
 */
export const newId = (prefix: string, now = Date.now()): string =>
  `${prefix}-${now.toString(36).padStart(9, '0')}${randomBytes(5).toString('hex')}`;
