'use strict';

const { hookTrigger } = require('../lib/hooks');
const { alarmEventOutputFields } = require('../lib/fields');
const samples = require('../lib/samples');

module.exports = hookTrigger({
  key: 'alarm_raised',
  noun: 'Alarm',
  label: 'Alarm Raised',
  description: 'Triggers when a leading-indicator alarm is raised for a client or rep you may see.',
  event: 'alarm.raised',
  recordIdKey: null,
  sample: samples.alarmRaised,
  outputFields: alarmEventOutputFields,
});
