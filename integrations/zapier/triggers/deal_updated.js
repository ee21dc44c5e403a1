'use strict';

const { hookTrigger } = require('../lib/hooks');
const { dealEventOutputFields } = require('../lib/fields');
const samples = require('../lib/samples');

module.exports = hookTrigger({
  key: 'deal_updated',
  noun: 'Deal',
  label: 'Updated Deal',
  description: 'Triggers when a deal changes, with the fields that changed and their previous values.',
  event: 'deal.updated',
  recordIdKey: 'deal_id',
  sample: samples.dealUpdated,
  outputFields: [
    ...dealEventOutputFields,
    { key: 'changed_fields', label: 'Changed Fields', list: true },
  ],
});
