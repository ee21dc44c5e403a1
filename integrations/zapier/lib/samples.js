'use strict';

// Static samples, as GET /api/v1/webhooks/samples/{event} answers them.

const DEAL = {
  name: 'Line 4 retrofit',
  account_name: 'Northwind Foods',
  amount: '48000.00',
  gross_margin_pct: '34.50',
  kind: 'new_business',
  stage: 'proposal',
  forecast_category: 'best_case',
  expected_close_on: '2026-12-15',
  proposal_sent_on: '2026-11-20',
  closed_on: null,
  lost_reason: null,
  next_step: 'Walk the plant manager through the ROI sheet',
  external_id: null,
  source: null,
  account_id: null,
  next_step_due_on: null,
  decision_maker: '',
  process_stage: null,
  id: '8c1f0a2e-6b3d-4e5f-9a8b-7c6d5e4f3a2b',
  client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
  rep_id: '0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88',
  slip_count: 1,
  archived_at: null,
  created_at: '2026-10-01T14:00:00Z',
  updated_at: '2026-11-20T16:30:00Z',
  version: 4,
};

const envelope = (type, data, extra = {}) => ({
  id: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  type,
  occurred_at: '2026-11-23T10:00:00Z',
  client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
  data,
  ...extra,
});

module.exports = {
  dealCreated: envelope('deal.created', DEAL),
  dealUpdated: envelope('deal.updated', DEAL, {
    changed_fields: ['amount'],
    previous: { amount: '40000.00' },
  }),
  dealWon: envelope('deal.won', {
    ...DEAL,
    stage: 'closed_won',
    forecast_category: 'closed',
    closed_on: '2026-11-23',
  }, {
    changed_fields: ['stage', 'forecast_category', 'closed_on'],
    previous: { stage: 'negotiation', forecast_category: 'commit', closed_on: null },
  }),
  alarmRaised: envelope('alarm.raised', {
    key: '3f9a1c2b7d4e8f60',
    code: 'pipeline_coverage_low',
    severity: 'critical',
    client_id: '5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10',
    rep_id: null,
    figures: { actual: 2.1, floor: 3.0, open_pipeline: '210000.00', target: '100000.00' },
    message: 'Prospect more: pipeline coverage is 2.1x of the 3x floor.',
  }),
};
