'use strict';

const { hookTrigger } = require('../lib/hooks');
const { dealEventOutputFields } = require('../lib/fields');
const samples = require('../lib/samples');

module.exports = hookTrigger({
  key: 'deal_won',
  noun: 'Deal',
  label: 'Deal Won',
  description: 'Triggers when a deal is closed as won.',
  event: 'deal.won',
  recordIdKey: 'deal_id',
  sample: samples.dealWon,
  outputFields: [
    ...dealEventOutputFields,
    { key: 'changed_fields', label: 'Changed Fields', list: true },
  ],
});
