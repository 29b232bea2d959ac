export const ROLES = ['incentives-admin', 'incentives-user', 'reviewer', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the gateway established it from a verified token. */
export interface Identity {
  subject: string;
  roles: Role[];
  /** Set for partner-side users; their data scope. */
  partnerId?: string;
}
