/**
 * Request and response examples for the OpenAPI document, one per step of the flow, in the shapes
 * the services answer (abridged where a field repeats). Values follow the demo data.
 */

const money = (amount: string, currency = 'EUR') => ({ amount, currency });
const CLAIM_ID = 'CLM-m1abc2def3';

const program = {
  id: 'PRG-COOP-2026',
  name: 'Co-op Marketing 2026',
  description: 'Partner co-op marketing funds for FY2026',
  revision: 1,
  disputeWindowBusinessDays: 5,
  holidays: ['2026-12-24', '2026-12-25'],
  settingsHistory: [],
  createdAt: '2026-08-01T09:00:00.000Z',
  createdBy: 'demo-loader',
};

const campaign = {
  id: 'CMP-NW-WEBINAR',
  programId: 'PRG-COOP-2026',
  planId: 'PLN-DIGITAL-2026',
  partnerId: 'partner-northwind',
  name: 'Northwind security webinar series',
  activityType: 'webinar',
  startDate: '2026-09-01',
  endDate: '2026-12-31',
  claimDeadlineDays: 45,
  claimDeadline: '2027-02-14',
  claimDeadlineHistory: [],
  // The vendor pays 80% of each claim's cost, at most 2,500.00 per claim (docs/reimbursement.md).
  contributionRatio: '0.8',
  capPerClaim: money('2500.00'),
  reimbursementHistory: [],
  allocated: money('50000.00'),
  balance: {
    campaignId: 'CMP-NW-WEBINAR',
    revision: 1,
    allocated: money('50000.00'),
    reserved: money('0.00'),
    approved: money('0.00'),
    paid: money('0.00'),
    remaining: money('50000.00'),
  },
  createdAt: '2026-08-01T09:05:00.000Z',
};

const claimDraft = {
  id: CLAIM_ID,
  partnerId: 'partner-northwind',
  programId: 'PRG-COOP-2026',
  planId: 'PLN-DIGITAL-2026',
  campaignId: 'CMP-NW-WEBINAR',
  status: 'EDITING',
  version: 1,
  name: 'October webinar',
  executionDate: '2026-10-15',
  amount: money('1250.00'),
  claimed: money('1250.00'),
  reimbursable: null,
  approved: null,
  reimbursement: null,
  details: { claimName: null, claimDate: null, estimatedImpressions: null, preApprovalId: null },
  evidence: null,
  proofDocuments: [],
  comments: [],
  submission: null,
  reserved: null,
  approvedAmount: null,
  decision: null,
  dispute: null,
  payment: null,
  duplicateFlags: [],
  createdAt: '2026-10-20T08:00:00.000Z',
  createdBy: 'bob',
  updatedAt: '2026-10-20T08:00:00.000Z',
};

const evidence = {
  invoice: {
    documentId: 'DOC-8f2c1e0a9b',
    invoiceNumber: 'INV-2026-0042',
    invoiceDate: '2026-10-16',
    vendor: 'Webinar Hosting GmbH',
    amount: money('1250.00'),
  },
};

const claimSubmitted = {
  ...claimDraft,
  status: 'SUBMITTED',
  version: 7,
  details: {
    claimName: 'Security webinar, Oct',
    claimDate: '2026-10-15',
    estimatedImpressions: 1200,
    preApprovalId: 'PA-2026-000001',
  },
  evidence,
  proofDocuments: [
    {
      documentId: 'DOC-1a2b3c4d5e',
      note: 'Screenshot of the live session with 212 attendees',
      attachedAt: '2026-10-20T08:04:00.000Z',
      attachedBy: 'bob',
    },
  ],
  comments: [{ at: '2026-10-20T08:05:00.000Z', by: 'bob', text: 'Recording and attendee list attached.' }],
  submission: {
    count: 1,
    submittedAt: '2026-10-20T08:06:00.000Z',
    submittedBy: 'bob',
    reviewDueAt: '2026-11-30T23:59:59.999Z',
  },
  reimbursable: money('1000.00'),
  reimbursement: { contributionRatio: '0.8', capPerClaim: money('2500.00') },
  reserved: money('1000.00'),
};

const history = [
  {
    at: '2026-10-20T08:00:00.000Z',
    actor: 'bob',
    action: 'created',
    changes: {
      name: { from: null, to: 'October webinar' },
      executionDate: { from: null, to: '2026-10-15' },
      amount: { from: null, to: money('1250.00') },
    },
  },
  {
    at: '2026-10-20T08:06:00.000Z',
    actor: 'bob',
    action: 'submitted',
    changes: { status: { from: 'EDITING', to: 'SUBMITTED' } },
  },
  {
    at: '2026-10-22T10:00:00.000Z',
    actor: 'rita',
    action: 'review_approve',
    changes: {
      status: { from: 'UNDER_REVIEW', to: 'APPROVED' },
      approvedAmount: { from: null, to: money('1000.00') },
    },
  },
];

const claimApproved = {
  ...claimSubmitted,
  status: 'APPROVED',
  version: 9,
  reserved: null,
  approvedAmount: money('1000.00'),
  approved: money('1000.00'),
  decision: {
    decision: 'approve',
    reviewerId: 'rita',
    reasonCodes: ['PARTIAL_APPROVAL'],
    message: 'Catering is not eligible',
    decidedAt: '2026-10-22T10:00:00.000Z',
  },
  payment: {
    status: 'PARTIALLY_PAID',
    paid: money('400.00'),
    outstanding: money('600.00'),
    payouts: [
      {
        reference: 'PAY-2026-12-000117',
        date: '2026-12-15',
        amount: money('434.00', 'USD'),
        exchangeRate: '1.085',
        counted: money('400.00'),
        recordedAt: '2026-12-15T09:00:00.000Z',
        recordedBy: 'svc-payments',
      },
    ],
  },
  history,
};

const payables = {
  items: [
    {
      claimId: CLAIM_ID,
      partnerId: 'partner-northwind',
      programId: 'PRG-COOP-2026',
      campaignId: 'CMP-NW-WEBINAR',
      approved: money('1000.00'),
      paid: money('0.00'),
      outstanding: money('1000.00'),
      paymentStatus: 'UNPAID',
      payable: true,
      holdReason: null,
      partnerOutstanding: money('1000.00'),
      minimumPayout: money('185.00'),
    },
  ],
  nextCursor: null,
};

const document = {
  id: 'DOC-8f2c1e0a9b',
  partnerId: 'partner-northwind',
  kind: 'invoice',
  status: 'stored',
  fileName: 'invoice-0042.pdf',
  contentType: 'application/pdf',
  size: 48213,
  sha256: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  duplicateOf: [],
  claimId: CLAIM_ID,
  uploadedBy: 'bob',
  uploadedAt: '2026-10-20T08:02:00.000Z',
};

const downloadLink = {
  url: 'http://127.0.0.1:9000/poe-documents/documents/DOC-8f2c1e0a9b?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=300&X-Amz-Signature=...',
  expiresAt: '2026-10-22T10:05:00.000Z',
};

const preApproval = {
  preApprovalId: 'PA-2026-000001',
  partnerId: 'partner-northwind',
  campaignId: 'CMP-NW-WEBINAR',
  description: 'Marketing materials for Northwind security webinar series',
  validFrom: '2026-01-01T00:00:00.000Z',
  validUntil: '2027-12-31T23:59:59.000Z',
  status: 'active',
  grantedAt: '2026-08-01T09:10:00.000Z',
  grantedBy: 'rita',
};

const reviewItem = {
  claimId: CLAIM_ID,
  partnerId: 'partner-northwind',
  programId: 'PRG-COOP-2026',
  campaignId: 'CMP-NW-WEBINAR',
  name: 'October webinar',
  claimedAmount: money('1250.00'),
  reimbursableAmount: money('1000.00'),
  status: 'queued',
  dueAt: '2026-11-30T23:59:59.999Z',
  overdue: false,
  submittedAt: '2026-10-20T08:06:00.000Z',
  submissionCount: 1,
  hasDuplicateFlags: false,
  kind: 'submission',
  version: 1,
};

export const EX = {
  program,
  programs: { items: [program] },
  createProgram: {
    id: 'PRG-COOP-2026',
    name: 'Co-op Marketing 2026',
    description: 'Partner co-op marketing funds for FY2026',
  },
  createPlan: { id: 'PLN-DIGITAL-2026', name: 'Digital demand generation' },
  plans: {
    items: [
      {
        id: 'PLN-DIGITAL-2026',
        programId: 'PRG-COOP-2026',
        name: 'Digital demand generation',
        createdAt: '2026-08-01T09:01:00.000Z',
        createdBy: 'demo-loader',
      },
    ],
  },
  campaign,
  campaigns: { items: [campaign] },
  createCampaign: {
    id: 'CMP-NW-WEBINAR',
    planId: 'PLN-DIGITAL-2026',
    partnerId: 'partner-northwind',
    name: 'Northwind security webinar series',
    activityType: 'webinar',
    startDate: '2026-09-01',
    endDate: '2026-12-31',
    allocated: money('50000.00'),
    contributionRatio: '0.8',
    capPerClaim: money('2500.00'),
  },
  balance: {
    campaignId: 'CMP-NW-WEBINAR',
    revision: 3,
    allocated: money('50000.00'),
    reserved: money('0.00'),
    approved: money('1000.00'),
    paid: money('400.00'),
    remaining: money('49000.00'),
  },
  createClaim: {
    campaignId: 'CMP-NW-WEBINAR',
    name: 'October webinar',
    executionDate: '2026-10-15',
    amount: money('1250.00'),
  },
  claimDraft,
  claimSubmitted,
  claimApproved,
  claimList: { items: [claimDraft], nextCursor: null },
  payables,
  recordPayout: {
    reference: 'PAY-2026-12-000117',
    date: '2026-12-15',
    amount: money('434.00', 'USD'),
    exchangeRate: '1.085',
  },
  payment: { claimId: CLAIM_ID, ...claimApproved.payment },
  history: { claimId: CLAIM_ID, status: 'APPROVED', version: 9, items: history },
  updateClaim: {
    claimName: 'Security webinar, Oct',
    claimDate: '2026-10-15',
    estimatedImpressions: 1200,
    preApprovalId: 'PA-2026-000001',
  },
  setInvoiceEvidence: evidence,
  attachProof: { documentId: 'DOC-1a2b3c4d5e', note: 'Screenshot of the live session with 212 attendees' },
  document,
  csrDocument: { ...document, id: 'DOC-c5r0000001', kind: 'csr', fileName: 'csr-CLM-m1abc2def3.pdf' },
  generateCsr: {
    claimId: CLAIM_ID,
    activityDescription: 'Security webinar for 200 customers, hosted in-house',
    executionStartDate: '2026-10-15',
    executionEndDate: '2026-10-15',
    currency: 'EUR',
    costLines: [
      { description: 'Speaker fee', quantity: 1, unitCost: '800.00' },
      { description: 'Promotion emails', quantity: 3, unitCost: '150.00' },
    ],
    total: '1250.00',
    certifiedBy: { name: 'Alice Admin', title: 'Marketing Director' },
    statementAccepted: true,
  },
  downloadLink,
  queue: { items: [reviewItem] },
  requestAction: {
    reasonCodes: ['INVOICE_DETAILS_MISSING'],
    message: 'The invoice date does not match the invoice file.',
  },
  approve: { approvedAmount: money('1000.00'), message: 'Catering is not eligible' },
  reject: { reasonCodes: ['ACTIVITY_NOT_ELIGIBLE'], message: 'Webinars for internal staff are not eligible.' },
  grantPreApproval: {
    partnerId: 'partner-northwind',
    campaignId: 'CMP-NW-WEBINAR',
    description: 'Webinar invitation and landing page',
    validFrom: '2026-01-01T00:00:00.000Z',
    validUntil: '2027-12-31T23:59:59.000Z',
  },
  preApproval,
  reviewerView: {
    claim: { ...claimSubmitted, history: history.slice(0, 2) },
    review: {
      ...reviewItem,
      confirmedStatus: 'queued',
      claimRevision: 7,
      documents: [{ documentId: 'DOC-8f2c1e0a9b', kind: 'invoice', inLatestSubmission: true, duplicateFlags: [] }],
      duplicateFlags: [],
      history: [{ at: '2026-10-20T08:06:00.000Z', kind: 'claim.submitted', actor: 'bob', claimRevision: 7 }],
    },
    documents: [
      {
        documentId: 'DOC-8f2c1e0a9b',
        role: 'invoice',
        fileName: 'invoice-0042.pdf',
        contentType: 'application/pdf',
        size: 48213,
        sha256: document.sha256,
        duplicateOf: [],
        download: downloadLink,
      },
    ],
  },
  allocationCsv:
    'partnerId,campaignId,allocationId,amount,currency,planId,name,activityType,startDate,endDate\r\n' +
    'partner-northwind,CMP-NW-WEBINAR,ALLOC-2026-Q4-001,5000.00,EUR,,,,,\r\n' +
    'partner-contoso,CMP-CT-EVENTS-2027,ALLOC-2027-001,20000.00,EUR,PLN-DIGITAL-2026,Contoso events 2027,event,2027-01-01,2027-06-30\r\n',
  allocationDryRun: {
    dryRun: true,
    file: { sha256: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', lines: 2 },
    valid: false,
    summary: { createCampaign: 1, allocate: 0, unchanged: 0, invalid: 1 },
    lines: [
      {
        line: 2,
        partnerId: 'partner-northwind',
        campaignId: 'CMP-NW-WEBINAR',
        allocationId: 'ALLOC-2026-Q4-001',
        amount: money('5000.00'),
        outcome: 'invalid',
      },
      {
        line: 3,
        partnerId: 'partner-contoso',
        campaignId: 'CMP-CT-EVENTS-2027',
        allocationId: 'ALLOC-2027-001',
        amount: money('20000.00'),
        outcome: 'create_campaign',
      },
    ],
    errors: [
      {
        line: 2,
        field: 'currency',
        rule: 'sameCurrencyAsCampaign',
        code: 'ALLOCATION.CURRENCY_MISMATCH',
        message: "currency must be the campaign's (EUR)",
      },
    ],
  },
  allocationApplied: {
    dryRun: false,
    file: { sha256: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184', lines: 2 },
    summary: { campaignCreated: 1, allocated: 1, unchanged: 0, refused: 0 },
    lines: [
      {
        line: 2,
        partnerId: 'partner-northwind',
        campaignId: 'CMP-NW-WEBINAR',
        allocationId: 'ALLOC-2026-Q4-001',
        amount: money('5000.00'),
        outcome: 'allocated',
        balance: {
          campaignId: 'CMP-NW-WEBINAR',
          revision: 3,
          allocated: money('55000.00'),
          reserved: money('1250.00'),
          approved: money('0.00'),
          paid: money('0.00'),
          remaining: money('53750.00'),
        },
      },
      {
        line: 3,
        partnerId: 'partner-contoso',
        campaignId: 'CMP-CT-EVENTS-2027',
        allocationId: 'ALLOC-2027-001',
        amount: money('20000.00'),
        outcome: 'campaign_created',
        balance: {
          campaignId: 'CMP-CT-EVENTS-2027',
          revision: 1,
          allocated: money('20000.00'),
          reserved: money('0.00'),
          approved: money('0.00'),
          paid: money('0.00'),
          remaining: money('20000.00'),
        },
      },
    ],
  },
  claimsExportCsv:
    'claimId,partnerId,programId,campaignId,status,name,executionDate,currency,claimedAmount,reimbursableAmount,approvedAmount,createdAt,submittedAt,decidedAt,paymentStatus,paidAmount,outstandingAmount,lastPayoutReference,lastPayoutDate\r\n' +
    `${CLAIM_ID},partner-northwind,PRG-COOP-2026,CMP-NW-WEBINAR,APPROVED,October webinar,2026-10-15,EUR,1250.00,1250.00,1000.00,2026-10-16T09:12:00.000Z,2026-10-20T08:06:00.000Z,2026-10-28T14:30:00.000Z,PARTIALLY_PAID,400.00,600.00,PAY-0001,2026-11-02\r\n`,
};
