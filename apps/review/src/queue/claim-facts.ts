import type { DocumentKind } from '@poe/contracts';
import type { ClaimFact } from './claim-facts.repository';
import type { HistoryEntry } from './review-item';

export interface DraftDetails {
  name?: string;
  executionDate?: string;
  documents: Map<string, { kind: DocumentKind; note?: string }>;
}

/** The latest name and execution date, and each document's kind and note, from the draft events. */
export function draftDetails(facts: ClaimFact[]): DraftDetails {
  const out: DraftDetails = { documents: new Map() };
  for (const f of [...facts].sort((a, b) => a.revision - b.revision)) {
    switch (f.type) {
      case 'poe.claims.claim.created.v1':
      case 'poe.claims.claim.updated.v1': {
        const d = f.data as { name: string; executionDate: string };
        out.name = d.name;
        out.executionDate = d.executionDate;
        break;
      }
      case 'poe.claims.claim.evidence-attached.v1': {
        const d = f.data as { documentId: string; kind: DocumentKind; note?: string };
        out.documents.set(d.documentId, { kind: d.kind, ...(d.note ? { note: d.note } : {}) });
        break;
      }
    }
  }
  return out;
}

const factDetails = (f: ClaimFact): Record<string, unknown> => {
  const d = f.data as unknown as Record<string, unknown>;
  switch (f.type) {
    case 'poe.claims.claim.created.v1':
      return { name: d.name, executionDate: d.executionDate, amount: d.amount };
    case 'poe.claims.claim.updated.v1':
      return { changedFields: d.changedFields, amount: d.amount };
    case 'poe.claims.claim.evidence-attached.v1':
      return { documentId: d.documentId, kind: d.kind };
  }
};

/**
 * The claim's full history: the item's entries (submissions, decisions, assignment, overdue) and
 * the draft facts, in claim-revision order. An entry made while the claim stood at revision r
 * (a decision, an assignment) comes after the event that produced r and before r + 1.
 */
export function mergedHistory(itemHistory: HistoryEntry[], facts: ClaimFact[]): HistoryEntry[] {
  const keyed = [
    ...facts.map((f, i) => ({
      key: f.revision,
      order: i,
      entry: {
        at: f.at,
        kind: `claim.${f.type.split('.')[3]}`,
        actor: f.actor,
        claimRevision: f.revision,
        details: factDetails(f),
      },
    })),
    ...itemHistory.map((h, i) => ({
      key: (h.claimRevision ?? 0) + (h.kind.startsWith('claim.') ? 0 : 0.5),
      order: facts.length + i,
      entry: h,
    })),
  ];
  keyed.sort((a, b) => a.key - b.key || a.order - b.order);
  return keyed.map((k) => k.entry);
}
