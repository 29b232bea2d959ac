/** HTTP shapes shared by the services and the gateway's published document. */

/** `Idempotency-Key`: 8-128 letters, digits or `_.:-` (a UUID fits). */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;
