// The body is written once in @poe/contracts/bodies: the gateway publishes its schema from the same class.
export { RecordPayoutDto } from '@poe/contracts/bodies';

// The payables query is written once in @poe/contracts/queries, like the body.
export { ListPayablesQueryDto } from '@poe/contracts/queries';
