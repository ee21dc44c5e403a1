'use strict';

const { apiUrl, filled, idempotencyField, idempotencyHeaders, toDay } = require('../lib/api');
const { ACTIVITY_KINDS, activityOutputFields } = require('../lib/fields');

const perform = async (z, bundle) => {
  const body = filled(bundle.inputData, ['kind', 'quantity', 'rep_id', 'deal_id', 'note']);
  body.occurred_on = toDay(bundle.inputData.occurred_on);
  const response = await z.request({
    url: apiUrl(bundle, '/activities'),
    method: 'POST',
    headers: idempotencyHeaders(bundle),
    body,
  });
  return response.data;
};

module.exports = {
  key: 'log_activity',
  noun: 'Activity',
  display: {
    label: 'Log Activity',
    description: 'Logs a rep\'s calls, meetings, proposals or prospecting hours for one day.',
  },
  operation: {
    perform,
    inputFields: [
      {
        key: 'rep_id',
        label: 'Rep',
        required: false,
        dynamic: 'rep_list.id.label',
        altersDynamicFields: true,
        helpText: 'Whose activity. Required for managers; a rep\'s own key may leave it empty.',
      },
      { key: 'kind', label: 'Kind', required: true, choices: ACTIVITY_KINDS },
      {
        key: 'quantity',
        label: 'Quantity',
        required: true,
        helpText: 'A count; for prospecting, hours in quarter hours (e.g. `2.25`).',
      },
      {
        key: 'occurred_on',
        label: 'Day',
        required: true,
        type: 'datetime',
        helpText: 'The day of the activity (only the date is kept); at most a day ahead. ' +
          'A rep has one entry per day and kind: logging the same kind twice on a day is refused.',
      },
      {
        key: 'deal_id',
        label: 'Deal',
        required: false,
        dynamic: 'deal_list.id.label',
        helpText: 'Optional: one of the same rep\'s deals.',
      },
      { key: 'note', label: 'Note', required: false, type: 'text' },
      idempotencyField,
    ],
    sample: {
      id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      kind: 'call',
      quantity: '6',
      occurred_on: '2026-11-18',
      rep_id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
      deal_id: null,
      client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
      note: 'Follow-ups from the trade show',
      created_at: '2026-11-18T22:00:00Z',
    },
    outputFields: activityOutputFields,
  },
};
