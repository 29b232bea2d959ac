/**
 * The id and cursor rules, written once. The services' DTOs (bodies and queries) match with them,
 * the gateway checks path parameters with them and publishes them; a change here changes all three.
 */

/** Any id the services take in a path or a review/documents field: letters, digits and `._:-`, 1-128. */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The claims service's claim, partner and campaign ids in queries and bodies: no leading punctuation, no `:`. */
export const CLAIMS_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The catalog's ids (programs, plans, partners, campaigns): as CLAIMS_ID_PATTERN, up to 64. */
export const CATALOG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The claims service's paging cursor: base64url of the last claim's sort key. */
export const CLAIMS_CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}$/;

/** The review service's paging cursor: base64 or base64url of a small JSON key. */
export const CURSOR_PATTERN = /^[A-Za-z0-9_=-]{1,512}$/;

/** A pre-approval's id as the review service issues it: `PA-<year>-<six digits>`. */
export const PRE_APPROVAL_ID_PATTERN = /^PA-\d{4}-\d{6}$/;
