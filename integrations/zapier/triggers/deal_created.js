'use strict';

const { hookTrigger } = require('../lib/hooks');
const { dealEventOutputFields } = require('../lib/fields');
const samples = require('../lib/samples');

module.exports = hookTrigger({
  key: 'deal_created',
  noun: 'Deal',
  label: 'New Deal',
  description: 'Triggers when a deal is created (one you may see: a rep their own, a manager their clients\').',
  event: 'deal.created',
  recordIdKey: 'deal_id',
  sample: samples.dealCreated,
  outputFields: dealEventOutputFields,
});
