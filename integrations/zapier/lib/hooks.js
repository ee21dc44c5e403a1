'use strict';

// REST hook triggers: Zapier subscribes its target URL to one event type and receives the
// API's event payloads {id, type, occurred_at, client_id, data, changed_fields?, previous?}.

const { apiUrl } = require('./api');

// One Zapier item per event: the record's fields (`data`, flattened), the record's own id as
// `<record>_id`, and the event's id as `id` (Zapier deduplicates on it: every event of the
// same deal is a new item) and `event_id`.
const flattenEvent = (event, recordIdKey) => {
  const data = event && typeof event.data === 'object' && event.data !== null ? event.data : {};
  const item = { ...data };
  if (recordIdKey && data.id !== undefined) item[recordIdKey] = data.id;
  item.id = event.id;
  item.event_id = event.id;
  item.event_type = event.type;
  item.occurred_at = event.occurred_at;
  if (item.client_id === undefined) item.client_id = event.client_id;
  // The same keys on every item (Zapier maps fields by the sample): null where the event
  // tells no change (a created record).
  item.changed_fields = event.changed_fields === undefined ? null : event.changed_fields;
  item.previous = event.previous === undefined ? null : event.previous;
  return item;
};

const subscribeHook = (event) => async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, '/webhooks'),
    method: 'POST',
    body: { target_url: bundle.targetUrl, events: [event] },
  });
  return response.data; // {id, secret, ...}: Zapier keeps it as bundle.subscribeData
};

const unsubscribeHook = async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, `/webhooks/${encodeURIComponent(bundle.subscribeData.id)}`),
    method: 'DELETE',
    skipThrowForStatus: true,
  });
  // Already gone (404) is as good as removed.
  if (response.status >= 400 && response.status !== 404) response.throwForStatus();
  return {};
};

const receiveHook = (recordIdKey) => async (z, bundle) => [
  flattenEvent(bundle.cleanedRequest, recordIdKey),
];

// Sample data for the Zap editor: the user's own latest events of this type from the events
// feed (GET /events), else the API's sample payload when there are none yet.
const listSample = (event, recordIdKey) => async (z, bundle) => {
  const recent = await z.request({
    url: apiUrl(bundle, '/events'),
    params: { type: event, limit: 3 },
  });
  const items = (recent.data && recent.data.items) || [];
  if (items.length) return items.map((item) => flattenEvent(item, recordIdKey));
  const response = await z.request({
    url: apiUrl(bundle, `/webhooks/samples/${encodeURIComponent(event)}`),
  });
  return [flattenEvent(response.data, recordIdKey)];
};

// A trigger definition for one event type.
const hookTrigger = ({ key, noun, label, description, event, recordIdKey, sample,
  outputFields }) => ({
  key,
  noun,
  display: { label, description },
  operation: {
    type: 'hook',
    performSubscribe: subscribeHook(event),
    performUnsubscribe: unsubscribeHook,
    perform: receiveHook(recordIdKey),
    performList: listSample(event, recordIdKey),
    sample: flattenEvent(sample, recordIdKey),
    outputFields,
  },
});

module.exports = { flattenEvent, hookTrigger, listSample, subscribeHook, unsubscribeHook };
