import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'poe:public';
/** Marks a route that needs no token (health, readiness, docs). Every other route does. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
