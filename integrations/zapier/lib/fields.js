'use strict';

// Choices and output fields shared by the triggers, the actions and the search.

const STAGES = {
  prospecting: 'Prospecting',
  discovery: 'Discovery',
  proposal: 'Proposal',
  negotiation: 'Negotiation',
  closed_won: 'Closed won',
  closed_lost: 'Closed lost',
};

const OPEN_FORECAST_CATEGORIES = {
  pipeline: 'Pipeline',
  best_case: 'Best case',
  commit: 'Commit',
  omitted: 'Omitted',
};

const ACTIVITY_KINDS = {
  call: 'Calls',
  meeting: 'Meetings',
  proposal: 'Proposals',
  prospecting: 'Prospecting (hours, in quarter hours)',
};

const dealOutputFields = [
  { key: 'id', label: 'ID' },
  { key: 'name', label: 'Name' },
  { key: 'account_name', label: 'Account Name' },
  { key: 'amount', label: 'Amount' },
  { key: 'gross_margin_pct', label: 'Gross Margin %' },
  { key: 'kind', label: 'Kind' },
  { key: 'stage', label: 'Stage' },
  { key: 'forecast_category', label: 'Forecast Category' },
  { key: 'expected_close_on', label: 'Expected Close On', type: 'datetime' },
  { key: 'proposal_sent_on', label: 'Proposal Sent On', type: 'datetime' },
  { key: 'closed_on', label: 'Closed On', type: 'datetime' },
  { key: 'lost_reason', label: 'Lost Reason' },
  { key: 'next_step', label: 'Next Step' },
  { key: 'next_step_due_on', label: 'Next Step Due On', type: 'datetime' },
  { key: 'decision_maker', label: 'Decision Maker' },
  { key: 'external_id', label: 'External ID' },
  { key: 'account_id', label: 'Account ID' },
  { key: 'client_id', label: 'Client ID' },
  { key: 'rep_id', label: 'Rep ID' },
  { key: 'slip_count', label: 'Slip Count', type: 'integer' },
  { key: 'archived_at', label: 'Archived At', type: 'datetime' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
  { key: 'updated_at', label: 'Updated At', type: 'datetime' },
];

// A deal event: the deal's fields, with its id as deal_id and the event's as id.
const dealEventOutputFields = [
  { key: 'id', label: 'Event ID' },
  { key: 'event_id', label: 'Event ID' },
  { key: 'event_type', label: 'Event Type' },
  { key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
  { key: 'deal_id', label: 'Deal ID' },
  ...dealOutputFields.filter((field) => field.key !== 'id'),
];

const alarmEventOutputFields = [
  { key: 'id', label: 'Event ID' },
  { key: 'event_id', label: 'Event ID' },
  { key: 'event_type', label: 'Event Type' },
  { key: 'occurred_at', label: 'Occurred At', type: 'datetime' },
  { key: 'key', label: 'Alarm Key' },
  { key: 'code', label: 'Alarm Code' },
  { key: 'severity', label: 'Severity' },
  { key: 'message', label: 'Message' },
  { key: 'client_id', label: 'Client ID' },
  { key: 'rep_id', label: 'Rep ID' },
];

const activityOutputFields = [
  { key: 'id', label: 'ID' },
  { key: 'kind', label: 'Kind' },
  { key: 'quantity', label: 'Quantity' },
  { key: 'occurred_on', label: 'Occurred On', type: 'datetime' },
  { key: 'rep_id', label: 'Rep ID' },
  { key: 'deal_id', label: 'Deal ID' },
  { key: 'client_id', label: 'Client ID' },
  { key: 'note', label: 'Note' },
  { key: 'created_at', label: 'Created At', type: 'datetime' },
];

module.exports = {
  ACTIVITY_KINDS,
  OPEN_FORECAST_CATEGORIES,
  STAGES,
  activityOutputFields,
  alarmEventOutputFields,
  dealEventOutputFields,
  dealOutputFields,
};
