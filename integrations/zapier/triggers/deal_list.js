'use strict';

// Hidden: open deals, for the Deal dropdown of "Log Activity" (the chosen rep's, if any).

const { cursorPage } = require('../lib/paging');

const perform = async (z, bundle) => {
  const params = { status: 'open', sort: '-created_at' };
  const repId = ((bundle.inputData || {}).rep_id || '').trim();
  if (repId) params.rep_id = repId;
  const deals = await cursorPage(z, bundle, '/deals', params);
  return deals.map((deal) => ({
    ...deal,
    label: deal.account_name ? `${deal.name} (${deal.account_name})` : deal.name,
  }));
};

module.exports = {
  key: 'deal_list',
  noun: 'Deal',
  display: {
    label: 'List Open Deals',
    description: 'Lists open deals (for dropdowns).',
    hidden: true,
  },
  operation: {
    perform,
    canPaginate: true,
    sample: {
      id: '8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b',
      name: 'Line 4 retrofit',
      label: 'Line 4 retrofit (Northwind Foods)',
      account_name: 'Northwind Foods',
      rep_id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
      stage: 'proposal',
    },
    outputFields: [
      { key: 'id', label: 'ID' },
      { key: 'name', label: 'Name' },
      { key: 'label', label: 'Label' },
      { key: 'account_name', label: 'Account Name' },
      { key: 'rep_id', label: 'Rep ID' },
      { key: 'stage', label: 'Stage' },
    ],
  },
};
