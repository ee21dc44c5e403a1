'use strict';

const authentication = require('./authentication');
const { handleProblems, includeApiKey } = require('./lib/middleware');

const dealCreated = require('./triggers/deal_created');
const dealUpdated = require('./triggers/deal_updated');
const dealWon = require('./triggers/deal_won');
const alarmRaised = require('./triggers/alarm_raised');
const repList = require('./triggers/rep_list');
const dealList = require('./triggers/deal_list');

const createDeal = require('./creates/create_deal');
const logActivity = require('./creates/log_activity');
const logWeek = require('./creates/log_week');

const findDeal = require('./searches/find_deal');

module.exports = {
  version: require('./package.json').version,
  platformVersion: require('zapier-platform-core').version,

  authentication,
  beforeRequest: [includeApiKey],
  afterResponse: [handleProblems],

  triggers: {
    [dealCreated.key]: dealCreated,
    [dealUpdated.key]: dealUpdated,
    [dealWon.key]: dealWon,
    [alarmRaised.key]: alarmRaised,
    [repList.key]: repList,
    [dealList.key]: dealList,
  },

  creates: {
    [createDeal.key]: createDeal,
    [logActivity.key]: logActivity,
    [logWeek.key]: logWeek,
  },

  searches: {
    [findDeal.key]: findDeal,
  },

  searchOrCreates: {
    [findDeal.key]: {
      key: findDeal.key,
      display: {
        label: 'Find or Create Deal',
        description: 'Finds a deal by text; creates it when none matches.',
      },
      search: findDeal.key,
      create: createDeal.key,
    },
  },
};
