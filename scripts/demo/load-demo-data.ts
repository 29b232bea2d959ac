/**
 * Loads the demo data through the services' own APIs (so every rule and event applies): a program,
 * a plan, two partner orgs, campaigns with dates and funds, and a valid pre-approval per partner.
 * Idempotent: fixed ids, "already exists" answers are fine. Users of every role are the gateway's
 * demo users (demo/users.json).
 */
import { CallerIdentity, IDENTITY_HEADER, signIdentity } from '@poe/platform';
import { DEMO } from './demo-data';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const secret = env('INTERNAL_AUTH_SECRET');
const loader: CallerIdentity = { subject: 'demo-loader', roles: ['service'] };
const reviewer: CallerIdentity = { subject: 'rita', roles: ['reviewer'] };

async function call(base: string, as: CallerIdentity, method: string, path: string, body?: unknown) {
  const res = await fetch(new URL(path, base), {
    method,
    headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: signIdentity(as, secret) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (res.status === 409 && method === 'POST') return { existed: true, json };
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${text}`);
  return { existed: false, json };
}

export async function loadDemoData(claimsUrl: string, reviewUrl: string): Promise<string[]> {
  await call(claimsUrl, loader, 'POST', '/programs', DEMO.program);
  await call(claimsUrl, loader, 'POST', `/programs/${DEMO.program.id}/plans`, DEMO.plan);
  for (const partner of DEMO.partners) await call(claimsUrl, loader, 'POST', '/partners', partner);
  for (const campaign of DEMO.campaigns)
    await call(claimsUrl, loader, 'POST', '/campaigns', { ...campaign, planId: DEMO.plan.id });

  // One valid pre-approval per campaign, granted once: reuse an active one on a second run.
  const ids: string[] = [];
  for (const campaign of DEMO.campaigns) {
    const existing = await call(
      reviewUrl,
      reviewer,
      'GET',
      `/pre-approvals?partnerId=${campaign.partnerId}&campaignId=${campaign.id}&status=active`,
    );
    const items = (existing.json as { items?: { preApprovalId: string }[] }).items ?? [];
    if (items.length > 0) {
      ids.push(items[0].preApprovalId);
      continue;
    }
    const granted = await call(reviewUrl, reviewer, 'POST', '/pre-approvals', {
      partnerId: campaign.partnerId,
      campaignId: campaign.id,
      description: `Marketing materials for ${campaign.name}`,
      validFrom: '2026-01-01T00:00:00.000Z',
      validUntil: '2027-12-31T23:59:59.000Z',
    });
    ids.push((granted.json as { preApprovalId: string }).preApprovalId);
  }
  return ids;
}

if (require.main === module) {
  loadDemoData(env('CLAIMS_URL'), env('REVIEW_URL')).then(
    (preApprovals) => {
      console.log(
        '[demo] program PRG-COOP-2026, plan PLN-DIGITAL-2026, partners partner-northwind and partner-contoso',
      );
      console.log(`[demo] campaigns ${DEMO.campaigns.map((c) => c.id).join(', ')}`);
      console.log(`[demo] pre-approval ids (per campaign): ${preApprovals.join(', ')}`);
    },
    (e: Error) => {
      console.error(`[demo] loading failed: ${e.message}`);
      process.exit(1);
    },
  );
}
