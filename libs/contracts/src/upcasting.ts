import { ContractError } from './contract-error';
import type { AnyEventDefinition, EventDefinition } from './define-event';
import type { AnyEventEnvelope, CloudEvent } from './envelope';
import { schemaViolations } from './validation';

interface Upcaster {
  to: AnyEventDefinition;
  convert: (data: unknown, event: CloudEvent) => unknown;
}

const upcasters = new Map<string, Upcaster>();

/**
 * Lets consumers read `from` events as `to` events once a breaking change added `to`. Takes the
 * definitions (not just type strings) so `convert` is typed and its output checked against
 * `to`'s schema. Returns a function that removes the upcaster.
 */
export function registerUpcaster<TFromData, TToData>(
  from: EventDefinition<string, TFromData>,
  to: EventDefinition<string, TToData>,
  convert: (data: TFromData, event: CloudEvent<string, TFromData>) => TToData,
): () => void {
  if (upcasters.has(from.type)) throw new Error(`An upcaster from ${from.type} is already registered`);
  for (let type: string | undefined = to.type; type !== undefined; type = upcasters.get(type)?.to.type) {
    if (type === from.type) throw new Error(`Upcaster ${from.type} -> ${to.type} would form a cycle`);
  }
  upcasters.set(from.type, { to, convert: convert as Upcaster['convert'] });
  return () => upcasters.delete(from.type);
}

/**
 * The event as its newest version, following upcasters step by step (v1 -> v2 -> v3). The id,
 * subject and other attributes are kept, so idempotency by event id still holds; `dataschema`
 * is dropped since it described the old data. An event with no upcaster is returned as is.
 */
export function upcast(event: AnyEventEnvelope): AnyEventEnvelope;
export function upcast(event: CloudEvent): CloudEvent;
export function upcast(event: CloudEvent): CloudEvent {
  let current = event;
  for (let step = upcasters.get(current.type); step; step = upcasters.get(current.type)) {
    const data = step.convert(current.data, current);
    const violations = schemaViolations(step.to.schema, data, '/data');
    if (violations.length > 0) {
      throw new ContractError(
        'CONTRACT.INVALID_DATA',
        `Upcasting ${current.type} to ${step.to.type} (event ${current.id}) produced invalid data`,
        violations,
      );
    }
    const { dataschema: _olderSchema, ...attributes } = current;
    current = { ...attributes, type: step.to.type, data };
  }
  return current;
}
