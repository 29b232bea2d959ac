// The bodies and the queue's query are written once in @poe/contracts: the gateway checks and publishes them from the same classes.
export { ApproveDto, AssignDto, RejectDto, RequestActionDto, StartReviewDto } from '@poe/contracts/bodies';
export { QueueQueryDto } from '@poe/contracts/queries';
