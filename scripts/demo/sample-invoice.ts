import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * The vendor invoice the README's walk-through uploads as bob's evidence (demo/sample-invoice.pdf):
 * a third party's invoice to Northwind for the October webinar, with the number, date, vendor and
 * total the walk-through then enters in step 7. Deterministic (fixed creation date), so
 * regenerating it changes nothing unless this file changes:
 *   npx ts-node --transpile-only scripts/demo/sample-invoice.ts
 */
export const SAMPLE_INVOICE = {
  number: 'INV-2026-0042',
  date: '2026-10-16',
  vendor: ['Webinar Hosting GmbH', 'Leopoldstrasse 112', '80802 Munich, Germany', 'VAT ID DE 298 441 730'],
  billTo: ['Northwind Systems GmbH', 'Marketing department', 'Kaerntner Ring 5', '1010 Vienna, Austria'],
  currency: 'EUR',
  lines: [
    { text: 'Webinar platform, live event up to 500 attendees (15 Oct 2026)', amount: '700.00' },
    { text: 'Registration page and reminder e-mails', amount: '300.00' },
    { text: 'Catering for on-site speakers and crew', amount: '250.00' },
  ],
  total: '1250.00',
  terms: 'Reverse charge: VAT to be accounted for by the recipient. Payable within 30 days.',
};

export function renderSampleInvoice(): Promise<Buffer> {
  const inv = SAMPLE_INVOICE;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: `Invoice ${inv.number}`,
      Author: inv.vendor[0],
      Subject: 'Invoice',
      CreationDate: new Date(`${inv.date}T09:00:00.000Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const left = 56;
  const right = doc.page.width - 56;
  const money = (a: string) => `${Number(a).toLocaleString('en-US', { minimumFractionDigits: 2 })} ${inv.currency}`;

  doc.font('Helvetica-Bold').fontSize(20).text(inv.vendor[0], left, 56);
  doc.font('Helvetica').fontSize(9).text(inv.vendor.slice(1).join('\n'));
  doc.font('Helvetica-Bold').fontSize(16).text('INVOICE', left, 56, { align: 'right' });
  doc.font('Helvetica').fontSize(10).text(`No. ${inv.number}\nDate ${inv.date}`, { align: 'right' });

  doc.moveDown(3).font('Helvetica-Bold').fontSize(10).text('Bill to', left);
  doc.font('Helvetica').text(inv.billTo.join('\n'));

  doc.moveDown(2);
  const tableTop = doc.y;
  doc.font('Helvetica-Bold').text('Description', left, tableTop).text('Amount', left, tableTop, { align: 'right' });
  doc
    .moveTo(left, doc.y + 4)
    .lineTo(right, doc.y + 4)
    .stroke();
  doc.moveDown(0.8).font('Helvetica');
  for (const line of inv.lines) {
    const y = doc.y;
    doc.text(line.text, left, y, { width: right - left - 120 });
    doc.text(money(line.amount), left, y, { align: 'right' });
    doc.moveDown(0.5);
  }
  doc
    .moveTo(left, doc.y + 2)
    .lineTo(right, doc.y + 2)
    .stroke();
  doc.moveDown(0.8);
  const y = doc.y;
  doc.font('Helvetica-Bold').text('Total due', left, y).text(money(inv.total), left, y, { align: 'right' });
  doc.moveDown(2).font('Helvetica').fontSize(9).text(inv.terms, left);
  doc.end();
  return done;
}

if (require.main === module) {
  const out = join(__dirname, '../../demo/sample-invoice.pdf');
  void renderSampleInvoice().then((pdf) => {
    writeFileSync(out, pdf);
    process.stdout.write(`wrote ${out} (${pdf.length} bytes)\n`);
  });
}
