'use strict';

// Hidden: the reps the connected login may see, for the Rep dropdowns.

const { apiUrl } = require('../lib/api');
const { cursorPage } = require('../lib/paging');

const clientNames = async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, '/clients'),
    params: { limit: 200 },
    skipThrowForStatus: true,
  });
  const names = {};
  if (response.status === 200) {
    for (const client of response.data.items || []) names[client.id] = client.name;
  }
  return names;
};

const perform = async (z, bundle) => {
  const reps = await cursorPage(z, bundle, '/reps', {});
  const names = await clientNames(z, bundle);
  const several = new Set(reps.map((rep) => rep.client_id)).size > 1;
  return reps.map((rep) => ({
    ...rep,
    label: several && names[rep.client_id]
      ? `${rep.full_name} (${names[rep.client_id]})`
      : rep.full_name,
  }));
};

module.exports = {
  key: 'rep_list',
  noun: 'Rep',
  display: {
    label: 'List Reps',
    description: 'Lists the reps you may see (for dropdowns).',
    hidden: true,
  },
  operation: {
    perform,
    canPaginate: true,
    sample: {
      id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
      full_name: 'Riley Rep',
      label: 'Riley Rep',
      client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
      email: 'rep1@acme.demo.example',
      status: 'active',
    },
    outputFields: [
      { key: 'id', label: 'ID' },
      { key: 'full_name', label: 'Full Name' },
      { key: 'label', label: 'Label' },
      { key: 'client_id', label: 'Client ID' },
      { key: 'email', label: 'Email' },
      { key: 'status', label: 'Status' },
    ],
  },
};
