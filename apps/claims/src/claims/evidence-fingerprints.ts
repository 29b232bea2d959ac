import type { DuplicateFlag } from '@poe/contracts';
import type { ClaimState, Snapshot, SubmitContext } from './claim';

/** The keys under which a claim's evidence is remembered for the duplicate-invoice flag. */
export function fingerprintsOf(
  s: Snapshot<ClaimState>,
  documents: SubmitContext['documents'],
): { key: string; reason: DuplicateFlag['reason'] }[] {
  const e = s.evidence;
  if (!e) return [];
  const sha = documents.get(e.documentId)?.sha256;
  return [
    ...(sha ? [{ key: `sha256:${sha}`, reason: 'same_file_hash' as const }] : []),
    ...(e.kind === 'invoice'
      ? [{ key: `invoice:${e.invoiceKey}`, reason: 'same_vendor_invoice_number' as const }]
      : []),
  ];
}
