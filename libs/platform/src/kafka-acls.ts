import { ALL_TOPICS, dlqTopic, EventService, TOPIC_OWNERS, TOPICS_CONSUMED } from '@poe/contracts';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Admin,
  ResourcePatternTypes,
  type AclEntry,
} from 'kafkajs';

/** The SASL principal of each service (its SCRAM user name), and the tests' sandbox principal. */
export const KAFKA_PRINCIPALS = {
  claims: 'poe-claims',
  documents: 'poe-documents',
  review: 'poe-review',
} as const satisfies Record<EventService, string>;
export const KAFKA_TESTS_PRINCIPAL = 'poe-tests';
/** Topics and consumer groups of test files and tools start with this (test/support/isolation.ts). */
export const KAFKA_TESTS_PREFIX = 't.';

const allow = (
  principal: string,
  resourceType: AclResourceTypes,
  resourceName: string,
  operation: AclOperationTypes,
  pattern = ResourcePatternTypes.LITERAL,
): AclEntry => ({
  principal: `User:${principal}`,
  host: '*',
  resourceType,
  resourceName,
  resourcePatternType: pattern,
  operation,
  permissionType: AclPermissionTypes.ALLOW,
});

/**
 * Least privilege on the broker (deny by default): a service writes only the topics it owns and
 * the DLQs of the topics it consumes, reads only what it consumes, in groups named after it
 * (`poe-<service>*`). Every service may create and describe the contract topics (each makes sure
 * they exist at boot); creating a topic does not allow writing to it. The tests' principal has
 * everything under `t.` and nothing else.
 */
export function serviceAcls(): AclEntry[] {
  const acls: AclEntry[] = [];
  const { TOPIC: topic, GROUP: group } = AclResourceTypes;
  const { WRITE, READ, DESCRIBE, CREATE } = AclOperationTypes;
  for (const [service, principal] of Object.entries(KAFKA_PRINCIPALS) as [EventService, string][]) {
    for (const t of ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)])) {
      acls.push(allow(principal, topic, t, DESCRIBE), allow(principal, topic, t, CREATE));
    }
    for (const t of ALL_TOPICS.filter((t) => TOPIC_OWNERS[t] === service)) acls.push(allow(principal, topic, t, WRITE));
    for (const t of TOPICS_CONSUMED[service]) {
      acls.push(allow(principal, topic, t, READ), allow(principal, topic, dlqTopic(t), WRITE));
    }
    acls.push(allow(principal, group, principal, READ, ResourcePatternTypes.PREFIXED));
  }
  acls.push(
    allow(KAFKA_TESTS_PRINCIPAL, topic, KAFKA_TESTS_PREFIX, AclOperationTypes.ALL, ResourcePatternTypes.PREFIXED),
    allow(KAFKA_TESTS_PRINCIPAL, group, KAFKA_TESTS_PREFIX, AclOperationTypes.ALL, ResourcePatternTypes.PREFIXED),
  );
  return acls;
}

/** Adds the ACLs (adding one that exists changes nothing). Needs a principal that may alter ACLs. */
export async function ensureAcls(admin: Admin, acls: AclEntry[] = serviceAcls()): Promise<void> {
  await admin.createAcls({ acl: acls });
}
