import { DEMO } from '../../scripts/demo/demo-data';
import { ApiClient, eventually, expectStatus } from './client';

/** The demo catalog of `npm run start:all`, created here through the gateway by the vendor side. */
export const CATALOG = DEMO;

/**
 * Catalog by the service account, one pre-approval per campaign by the reviewer; returns the
 * pre-approval id per campaign once the claims service knows it (it learns it from an event).
 */
export async function loadCatalog(api: ApiClient): Promise<Record<string, string>> {
  expectStatus(await api.post('svc-payments', '/programs', CATALOG.program), 201);
  expectStatus(await api.post('svc-payments', `/programs/${CATALOG.program.id}/plans`, CATALOG.plan), 201);
  for (const p of CATALOG.partners) expectStatus(await api.post('svc-payments', '/partners', p), 201);
  for (const c of CATALOG.campaigns) {
    expectStatus(await api.post('svc-payments', '/campaigns', { ...c, planId: CATALOG.plan.id }), 201);
  }
  const ids: Record<string, string> = {};
  for (const c of CATALOG.campaigns) {
    const granted = expectStatus(
      await api.post('rita', '/pre-approvals', {
        partnerId: c.partnerId,
        campaignId: c.id,
        description: `Marketing materials for ${c.name}`,
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: '2027-12-31T23:59:59.000Z',
      }),
      201,
    );
    ids[c.id] = granted.body.preApprovalId;
  }
  return ids;
}

/** Sets claim details until the claims service has received the pre-approval (an event away). */
export async function setDetails(api: ApiClient, user: 'bob' | 'alice' | 'dave', claimId: string, details: object) {
  return eventually(`claim details accepted for ${claimId}`, async () => {
    const r = await api.patch(user, `/claims/${claimId}`, details);
    if (r.status === 200) return r;
    if (r.status === 422 && /PRE_APPROVAL/.test(JSON.stringify(r.body))) return undefined;
    throw new Error(r.describe);
  });
}
