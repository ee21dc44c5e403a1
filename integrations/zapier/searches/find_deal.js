'use strict';

const { apiUrl } = require('../lib/api');
const { dealOutputFields } = require('../lib/fields');

// The API's expanded names ({rep: {id, name}, ...}) as flat fields.
const withNames = (deal) => ({
  ...deal,
  rep_name: deal.rep ? deal.rep.name : null,
  client_name: deal.client ? deal.client.name : null,
  account_ref_name: deal.account ? deal.account.name : null,
});

const perform = async (z, bundle) => {
  const params = { q: bundle.inputData.q.trim(), expand: 'rep,client,account', limit: 10 };
  if (bundle.inputData.status) params.status = bundle.inputData.status;
  if (bundle.inputData.rep_id) params.rep_id = bundle.inputData.rep_id;
  const response = await z.request({ url: apiUrl(bundle, '/deals'), params });
  return response.data.items.map(withNames); // newest first: Zapier uses the first
};

module.exports = {
  key: 'find_deal',
  noun: 'Deal',
  display: {
    label: 'Find Deal',
    description: 'Finds a deal by text in its name, account name or next step (newest first).',
  },
  operation: {
    perform,
    inputFields: [
      {
        key: 'q',
        label: 'Search Text',
        required: true,
        helpText: 'Case-insensitive text in the deal\'s name, account name or next step.',
      },
      {
        key: 'status',
        label: 'Status',
        required: false,
        choices: { open: 'Open', closed: 'Closed (won or lost)' },
      },
      { key: 'rep_id', label: 'Rep', required: false, dynamic: 'rep_list.id.label' },
    ],
    sample: {
      id: '8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b',
      name: 'Line 4 retrofit',
      account_name: 'Northwind Foods',
      amount: '48000.00',
      stage: 'proposal',
      forecast_category: 'best_case',
      expected_close_on: '2026-12-15',
      next_step: 'Walk the plant manager through the ROI sheet',
      client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
      rep_id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
      rep_name: 'Riley Rep',
      client_name: 'Acme Manufacturing',
      account_ref_name: 'Northwind Foods',
      created_at: '2026-10-01T14:00:00Z',
      updated_at: '2026-11-20T16:30:00Z',
    },
    outputFields: [
      ...dealOutputFields,
      { key: 'rep_name', label: 'Rep Name' },
      { key: 'client_name', label: 'Client Name' },
    ],
  },
};
