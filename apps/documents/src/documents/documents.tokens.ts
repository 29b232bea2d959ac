import type { DocumentsConfig } from '../config';

export const DOCUMENTS_CONFIG = Symbol('DOCUMENTS_CONFIG');
export type { DocumentsConfig };

/** Time source; tests and jobs pass their own `now` where the rule depends on it. */
export const CLOCK = Symbol('CLOCK');
export interface Clock {
  now(): Date;
}
