import PDFDocument from 'pdfkit';
import { CERTIFICATION_STATEMENT, CertificationReport, formatMinorUnits } from './csr';

export interface CsrRenderContext {
  partnerId: string;
  /** Who accepted the statement (the caller's subject) and when the PDF was made. */
  acceptedBy: string;
  generatedAt: Date;
  /** TrueType fonts for scripts beyond Latin-1; Helvetica otherwise. */
  fontFile?: string;
  boldFontFile?: string;
}

const MARGIN = 56;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const ACCENT = '#0b5cad';

/**
 * Renders the report as an A4 PDF: a header, the facts of the claim, the activity, a cost table
 * with an exact total, and the certification block. Deterministic for the same input and time
 * (the creation date is the generation time), so the same answers give the same hash.
 */
export function renderCsrPdf(report: CertificationReport, ctx: CsrRenderContext): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: {
      Title: `Certification Service Report - ${report.claimId}`,
      Author: report.certifiedBy.name,
      Subject: 'Proof of execution: certification service report',
      Creator: 'poe-claims documents service',
      CreationDate: ctx.generatedAt,
    },
  });
  const regular = ctx.fontFile ? 'Body' : 'Helvetica';
  const bold = ctx.boldFontFile ? 'BodyBold' : ctx.fontFile ? 'Body' : 'Helvetica-Bold';
  if (ctx.fontFile) doc.registerFont('Body', ctx.fontFile);
  if (ctx.boldFontFile) doc.registerFont('BodyBold', ctx.boldFontFile);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  const left = MARGIN;
  const money = (minor: number) => `${formatMinorUnits(minor, report.currency)} ${report.currency}`;
  const rule = (y = doc.y) =>
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
  const heading = (text: string) => {
    doc
      .moveDown(1.1)
      .font(bold)
      .fontSize(12)
      .fillColor(ACCENT)
      .text(text.toUpperCase(), left, doc.y, { characterSpacing: 0.6 });
    rule(doc.y + 3);
    doc.moveDown(0.7).fillColor(INK);
  };

  // Title block
  doc.font(bold).fontSize(20).fillColor(INK).text('Certification Service Report', left, MARGIN);
  doc
    .font(regular)
    .fontSize(10.5)
    .fillColor(MUTED)
    .text('Proof of execution for a co-op marketing claim', left, doc.y + 2);
  doc.moveDown(1);

  // Facts as label/value pairs in two columns
  const facts: [string, string][] = [
    ['Claim reference', report.claimId],
    ['Partner', ctx.partnerId],
    [
      'Execution period',
      report.executionStartDate === report.executionEndDate
        ? report.executionStartDate
        : `${report.executionStartDate} to ${report.executionEndDate}`,
    ],
    ['Currency', report.currency],
    ['Total certified', money(report.totalMinor)],
    ['Generated', `${ctx.generatedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`],
  ];
  const labelWidth = 120;
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font(regular).fontSize(10).fillColor(MUTED).text(label, left, y, { width: labelWidth });
    doc
      .font(label === 'Total certified' ? bold : regular)
      .fillColor(INK)
      .text(value, left + labelWidth, y, { width: width - labelWidth });
    doc.moveDown(0.35);
  }

  heading('Activity');
  doc.font(regular).fontSize(10.5).fillColor(INK).text(report.activityDescription, left, doc.y, { width, lineGap: 2 });

  heading('Costs');
  const cols = [
    { title: '#', width: 24, align: 'left' as const },
    { title: 'Description', width: width - 24 - 50 - 95 - 100, align: 'left' as const },
    { title: 'Qty', width: 50, align: 'right' as const },
    { title: 'Unit cost', width: 95, align: 'right' as const },
    { title: 'Line total', width: 100, align: 'right' as const },
  ];
  const row = (cells: string[], font: string, color = INK) => {
    doc.font(font).fontSize(10).fillColor(color);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: cols[i].width - 8 }));
    const h = Math.max(...heights) + 8;
    if (doc.y + h > doc.page.height - MARGIN - 30) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.text(c, x + (cols[i].align === 'right' ? 0 : 4), y + 4, { width: cols[i].width - 4, align: cols[i].align });
      x += cols[i].width;
    });
    doc.y = y + h;
    return y;
  };
  row(
    cols.map((c) => c.title),
    bold,
    MUTED,
  );
  rule();
  report.lines.forEach((l, i) => {
    row(
      [
        String(i + 1),
        l.description,
        l.quantity.toLocaleString('en-US'),
        formatMinorUnits(l.unitCostMinor, report.currency),
        formatMinorUnits(l.lineTotalMinor, report.currency),
      ],
      regular,
    );
    rule();
  });
  const totalY = row(['', 'Total', '', '', money(report.totalMinor)], bold);
  doc
    .moveTo(left + width - 100, totalY)
    .lineTo(left + width, totalY)
    .lineWidth(1)
    .strokeColor(INK)
    .stroke();

  heading('Certification');
  if (doc.y > doc.page.height - MARGIN - 170) doc.addPage();
  doc.font(regular).fontSize(10.5).fillColor(INK).text(CERTIFICATION_STATEMENT, left, doc.y, { width, lineGap: 2 });
  doc.moveDown(1.2);
  const signY = doc.y;
  doc
    .font(bold)
    .fontSize(11)
    .text(report.certifiedBy.name, left, signY, { width: width / 2 });
  doc
    .font(regular)
    .fontSize(10)
    .fillColor(MUTED)
    .text(report.certifiedBy.title, left, doc.y, { width: width / 2 });
  doc
    .font(regular)
    .fontSize(9.5)
    .fillColor(MUTED)
    .text(
      `Statement accepted electronically by ${ctx.acceptedBy} on ${ctx.generatedAt.toISOString().slice(0, 10)}`,
      left + width / 2,
      signY,
      { width: width / 2, align: 'right' },
    );

  // Footer on every page, written last so the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page; the footer is allowed there.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 18;
    doc.font(regular).fontSize(8).fillColor(MUTED);
    doc.text(`Certification Service Report - ${report.claimId}`, left, y, { width: width / 2, lineBreak: false });
    doc.text(`Page ${i + 1} of ${range.count}`, left + width / 2, y, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}
