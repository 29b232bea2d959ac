export { ROLES } from '@poe/platform';
export type { CallerIdentity as Identity, Role } from '@poe/platform';
