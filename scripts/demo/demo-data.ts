/** The demo catalog: loaded by `npm run start:all` and by the end-to-end tests. */
export const DEMO = {
  program: {
    id: 'PRG-COOP-2026',
    name: 'Co-op Marketing 2026',
    description: 'Partner co-op marketing funds for FY2026',
  },
  plan: { id: 'PLN-DIGITAL-2026', name: 'Digital demand generation', description: 'Webinars, paid search, events' },
  partners: [
    { id: 'partner-northwind', name: 'Northwind Traders' },
    { id: 'partner-contoso', name: 'Contoso Ltd' },
  ],
  campaigns: [
    {
      id: 'CMP-NW-WEBINAR',
      partnerId: 'partner-northwind',
      name: 'Northwind security webinar series',
      activityType: 'webinar',
      startDate: '2026-09-01',
      endDate: '2026-12-31',
      allocated: { amount: '50000.00', currency: 'EUR' },
    },
    {
      id: 'CMP-NW-TRADESHOW',
      partnerId: 'partner-northwind',
      name: 'Northwind trade show booth',
      activityType: 'event',
      startDate: '2026-10-01',
      endDate: '2027-01-31',
      allocated: { amount: '20000.00', currency: 'EUR' },
      claimDeadlineDays: 60,
    },
    {
      id: 'CMP-CT-SEARCH',
      partnerId: 'partner-contoso',
      name: 'Contoso paid search',
      activityType: 'paid-search',
      startDate: '2026-08-01',
      endDate: '2026-12-31',
      allocated: { amount: '15000.00', currency: 'USD' },
    },
  ],
};
