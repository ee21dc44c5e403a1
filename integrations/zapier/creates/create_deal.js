'use strict';

const { apiUrl, filled, idempotencyField, idempotencyHeaders, toDay } = require('../lib/api');
const { OPEN_FORECAST_CATEGORIES, STAGES, dealOutputFields } = require('../lib/fields');

const TEXT = ['name', 'amount', 'rep_id', 'stage', 'account_name', 'next_step',
  'decision_maker', 'forecast_category', 'external_id'];

const perform = async (z, bundle) => {
  const body = filled(bundle.inputData, TEXT);
  for (const key of ['expected_close_on', 'next_step_due_on']) {
    const day = toDay(bundle.inputData[key]);
    if (day) body[key] = day;
  }
  const response = await z.request({
    url: apiUrl(bundle, '/deals'),
    method: 'POST',
    headers: idempotencyHeaders(bundle),
    body,
  });
  return response.data;
};

module.exports = {
  key: 'create_deal',
  noun: 'Deal',
  display: {
    label: 'Create Deal',
    description: 'Creates a deal in a rep\'s pipeline.',
  },
  operation: {
    perform,
    inputFields: [
      { key: 'name', label: 'Name', required: true, helpText: 'The deal\'s name (up to 200 characters).' },
      {
        key: 'amount',
        label: 'Amount',
        required: false,
        helpText: 'A decimal number such as `48000.00`, without currency signs or thousands separators.',
      },
      {
        key: 'rep_id',
        label: 'Rep',
        required: false,
        dynamic: 'rep_list.id.label',
        helpText: 'Whose deal it is. Required for managers; a rep\'s own key may leave it empty.',
      },
      { key: 'stage', label: 'Stage', required: false, choices: STAGES, default: 'prospecting' },
      {
        key: 'expected_close_on',
        label: 'Expected Close Date',
        required: false,
        type: 'datetime',
        helpText: 'The day the deal is expected to close (only the date is kept).',
      },
      { key: 'account_name', label: 'Account Name', required: false },
      { key: 'next_step', label: 'Next Step', required: false, type: 'text' },
      {
        key: 'next_step_due_on',
        label: 'Next Step Due Date',
        required: false,
        type: 'datetime',
      },
      {
        key: 'decision_maker',
        label: 'Decision Maker',
        required: false,
        helpText: 'Who signs on the buyer\'s side. A client\'s sales process may require it ' +
          '(or the next step and its due date) to enter a stage: the error names what is missing.',
      },
      {
        key: 'forecast_category',
        label: 'Forecast Category',
        required: false,
        choices: OPEN_FORECAST_CATEGORIES,
      },
      {
        key: 'external_id',
        label: 'External ID',
        required: false,
        helpText: 'The deal\'s id in the CRM it comes from; unique per client.',
      },
      idempotencyField,
    ],
    sample: {
      id: '8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b',
      name: 'Line 4 retrofit',
      account_name: 'Northwind Foods',
      amount: '48000.00',
      gross_margin_pct: null,
      kind: 'new_business',
      stage: 'proposal',
      forecast_category: 'best_case',
      expected_close_on: '2026-12-15',
      proposal_sent_on: '2026-11-20',
      closed_on: null,
      lost_reason: null,
      next_step: 'Walk the plant manager through the ROI sheet',
      next_step_due_on: null,
      decision_maker: '',
      external_id: null,
      account_id: null,
      client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
      rep_id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
      slip_count: 0,
      archived_at: null,
      created_at: '2026-11-20T16:30:00Z',
      updated_at: '2026-11-20T16:30:00Z',
    },
    outputFields: dealOutputFields,
  },
};
