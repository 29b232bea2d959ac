import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CsrInput, validateCsr } from './csr';
import { renderCsrPdf } from './csr-pdf';

/** The answers behind docs/sample-csr.pdf; also used by the tests. */
export const SAMPLE_CSR: CsrInput = {
  claimId: 'CLM-2026-000042',
  activityDescription:
    'Two live partner webinars on "Securing hybrid cloud workloads" for IT decision makers in the DACH region ' +
    '(14 and 15 October 2026), promoted by paid social posts and an e-mail campaign to 4,800 opted-in contacts. ' +
    '312 attendees registered, 187 attended live; recordings are hosted on the partner website.',
  executionStartDate: '2026-10-01',
  executionEndDate: '2026-10-15',
  currency: 'EUR',
  costLines: [
    { description: 'Webinar platform licence (October 2026)', quantity: 1, unitCost: '450.00' },
    { description: 'Paid social promotion, LinkedIn sponsored posts', quantity: 3, unitCost: '243.50' },
    { description: 'E-mail campaign send to opted-in contacts (per 1,000)', quantity: 5, unitCost: '38.00' },
    { description: 'Speaker travel, Munich - Vienna return', quantity: 1, unitCost: '212.40' },
  ],
  total: '1582.90',
  certifiedBy: { name: 'Dana Whitfield', title: 'Marketing Director, Northwind Systems GmbH' },
  statementAccepted: true,
};

// Regenerates the sample: npx ts-node --transpile-only -r tsconfig-paths/register apps/documents/src/csr/sample-csr.ts
if (require.main === module) {
  const out = join(__dirname, '../../../../docs/sample-csr.pdf');
  void renderCsrPdf(validateCsr(SAMPLE_CSR), {
    partnerId: 'PRT-1001',
    acceptedBy: 'usr-7f3a',
    generatedAt: new Date('2026-11-21T14:03:30.000Z'),
  }).then((pdf) => {
    writeFileSync(out, pdf);
    process.stdout.write(`wrote ${out} (${pdf.length} bytes)\n`);
  });
}
