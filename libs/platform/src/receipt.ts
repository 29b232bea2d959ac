import type { CsrGeneratedV1Data, DocumentUploadedV1Data } from '@poe/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A document receipt: the facts of an upload (the data of the events it publishes), signed with
 * INTERNAL_AUTH_SECRET by the documents service in its 201 answer. The client passes it back when
 * it names the document; the claims service verifies it and records the facts exactly as the
 * events would (first write wins), so the very next request can use the document while the
 * events are still on their way (read-your-writes, docs/documents.md).
 */
export interface DocumentReceipt {
  uploaded: DocumentUploadedV1Data;
  csrGenerated?: CsrGeneratedV1Data;
}

/** Different from the identity header's purpose, so one can never pass for the other. */
const PURPOSE = 'poe.document-receipt.v1';
const mac = (payload: string, secret: string) => createHmac('sha256', secret).update(`${PURPOSE}.${payload}`).digest();

export function signDocumentReceipt(receipt: DocumentReceipt, secret: string): string {
  const payload = Buffer.from(JSON.stringify(receipt)).toString('base64url');
  return `${payload}.${mac(payload, secret).toString('base64url')}`;
}

/** The receipt's facts, or null when it is malformed or not signed with `secret`. */
export function verifyDocumentReceipt(token: string, secret: string): DocumentReceipt | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const receipt = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DocumentReceipt;
    return typeof receipt?.uploaded?.documentId === 'string' ? receipt : null;
  } catch {
    return null;
  }
}
