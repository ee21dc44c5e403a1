'use strict';

// A week's totals per kind, as one row per kind (POST /api/v1/activities/batch: all or
// nothing, a 422 names every invalid row).

const { apiUrl, filled, idempotencyField, idempotencyHeaders, toDay } = require('../lib/api');

const TOTALS = [
  ['calls', 'call'],
  ['meetings', 'meeting'],
  ['proposals', 'proposal'],
  ['prospecting_hours', 'prospecting'],
];

const perform = async (z, bundle) => {
  const input = bundle.inputData;
  const occurredOn = toDay(input.occurred_on);
  const common = filled(input, ['rep_id', 'note']);
  const items = [];
  for (const [field, kind] of TOTALS) {
    const value = input[field];
    if (value === undefined || value === null || String(value).trim() === '') continue;
    if (Number(value) === 0) continue; // nothing to log
    items.push({ ...common, kind, quantity: String(value).trim(), occurred_on: occurredOn });
  }
  if (!items.length) {
    throw new z.errors.Error(
      'Nothing to log: give at least one total (calls, meetings, proposals or prospecting hours).',
      'NothingToLog',
      400,
    );
  }
  const response = await z.request({
    url: apiUrl(bundle, '/activities/batch'),
    method: 'POST',
    headers: idempotencyHeaders(bundle),
    body: { items },
  });
  const rows = response.data;
  const result = {
    id: rows.map((row) => row.id).join(','),
    logged: rows.length,
    occurred_on: occurredOn,
    rep_id: rows.length ? rows[0].rep_id : null,
    activities: rows,
  };
  for (const [field, kind] of TOTALS) {
    const row = rows.find((r) => r.kind === kind);
    result[field] = row ? row.quantity : '0';
    result[`${field}_id`] = row ? row.id : null;
  }
  return result;
};

const total = (key, label, helpText) => ({
  key, label, required: false, type: 'number', helpText,
});

module.exports = {
  key: 'log_week',
  noun: 'Activity',
  display: {
    label: 'Log a Week of Activity',
    description: 'Logs a rep\'s weekly totals (calls, meetings, proposals, prospecting hours) at once.',
  },
  operation: {
    perform,
    inputFields: [
      {
        key: 'rep_id',
        label: 'Rep',
        required: false,
        dynamic: 'rep_list.id.label',
        helpText: 'Whose week. Required for managers; a rep\'s own key may leave it empty.',
      },
      {
        key: 'occurred_on',
        label: 'Day to Log the Totals On',
        required: true,
        type: 'datetime',
        helpText: 'A day of the week the totals belong to (for example its Friday; at most a ' +
          'day ahead). Each total becomes one entry of its kind on this day: nothing is logged ' +
          'if the rep already has an entry of that kind on that day.',
      },
      total('calls', 'Calls', 'Number of calls in the week.'),
      total('meetings', 'Meetings', 'Number of meetings in the week.'),
      total('proposals', 'Proposals', 'Number of proposals sent in the week.'),
      total('prospecting_hours', 'Prospecting Hours', 'Hours of prospecting, in quarter hours (e.g. `5.25`).'),
      { key: 'note', label: 'Note', required: false, type: 'text' },
      idempotencyField,
    ],
    sample: {
      id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d,2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
      logged: 2,
      occurred_on: '2026-11-20',
      rep_id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
      calls: '14',
      calls_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      meetings: '0',
      meetings_id: null,
      proposals: '0',
      proposals_id: null,
      prospecting_hours: '5.25',
      prospecting_hours_id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    },
    outputFields: [
      { key: 'id', label: 'Activity IDs' },
      { key: 'logged', label: 'Entries Logged', type: 'integer' },
      { key: 'occurred_on', label: 'Day', type: 'datetime' },
      { key: 'rep_id', label: 'Rep ID' },
      { key: 'calls', label: 'Calls' },
      { key: 'meetings', label: 'Meetings' },
      { key: 'proposals', label: 'Proposals' },
      { key: 'prospecting_hours', label: 'Prospecting Hours' },
    ],
  },
};
