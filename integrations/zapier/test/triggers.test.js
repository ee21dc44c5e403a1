'use strict';

const http = require('http');

const { App, BASE_URL, api, appTester, bundleOf, runTag } = require('./helpers');

const TRIGGERS = {
  deal_created: 'deal.created',
  deal_updated: 'deal.updated',
  deal_won: 'deal.won',
  alarm_raised: 'alarm.raised',
};

// A local receiver for real deliveries, when the API runs on this machine (it must allow
// private targets: WEBHOOKS_ALLOW_PRIVATE_TARGETS=true).
const startReceiver = () => new Promise((resolve) => {
  const received = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) });
      response.writeHead(200).end('ok');
    });
  });
  server.listen(0, '127.0.0.1', () => resolve({ server, received, port: server.address().port }));
});

const isLocal = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(BASE_URL);

const waitFor = async (find, seconds) => {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const found = find();
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return undefined;
};

describe('triggers', () => {
  for (const [key, event] of Object.entries(TRIGGERS)) {
    it(`${key}: performList answers the latest ${event} events (else the sample), flattened`, async () => {
      const items = await appTester(App.triggers[key].operation.performList, bundleOf());
      expect(items.length).toBeGreaterThanOrEqual(1);
      expect(items.length).toBeLessThanOrEqual(3);
      const [item] = items;
      expect(item.event_type).toBe(event);
      expect(item.id).toBe(item.event_id);
      expect(item.occurred_at).toBeDefined();
      if (key.startsWith('deal_')) {
        expect(item.deal_id).toBeDefined();
        expect(item.deal_id).not.toBe(item.id);
        expect(item.name).toBeDefined();
        expect(item.stage).toBeDefined();
      } else {
        expect(item.code).toBeDefined();
        expect(item.severity).toBeDefined();
      }
      // The static sample has the same keys as a live one.
      const sample = App.triggers[key].operation.sample;
      expect(Object.keys(sample).sort()).toEqual(
        Object.keys(item).filter((k) => !['rep', 'client', 'account'].includes(k)).sort());
    });
  }

  it('perform turns the hook\'s payload into one item per event', async () => {
    const payload = (await api('GET', '/webhooks/samples/deal.updated')).data;
    const items = await appTester(App.triggers.deal_updated.operation.perform,
      bundleOf({}, { cleanedRequest: payload }));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      id: payload.id, event_id: payload.id, deal_id: payload.data.id, name: payload.data.name,
      changed_fields: payload.changed_fields, previous: payload.previous,
    });
  });

  describe('subscribe and unsubscribe (REST hook)', () => {
    let receiver;

    beforeAll(async () => {
      if (isLocal) receiver = await startReceiver();
    });

    afterAll(async () => {
      if (receiver) await new Promise((resolve) => receiver.server.close(resolve));
    });

    it('subscribes a target, receives a real event, then unsubscribes', async () => {
      const tag = runTag();
      const targetUrl = receiver
        ? `http://127.0.0.1:${receiver.port}/hooks/${tag}`
        : (process.env.HOOK_TARGET_URL || `https://hooks.zapier.com/hooks/standard/0/${tag}/`);
      const subscribeData = await appTester(App.triggers.deal_created.operation.performSubscribe,
        bundleOf({}, { targetUrl }));
      expect(subscribeData.id).toBeDefined();
      expect(subscribeData.secret).toMatch(/^whsec_/);

      const shown = await api('GET', `/webhooks/${subscribeData.id}`);
      expect(shown.status).toBe(200);
      expect(shown.data).toMatchObject({ target_url: targetUrl, events: ['deal.created'], is_active: true });

      if (receiver) {
        const reps = (await api('GET', '/reps?limit=1')).data.items;
        const deal = await appTester(App.creates.create_deal.operation.perform,
          bundleOf({ name: `Hooked ${tag}`, rep_id: reps[0].id }));
        const delivery = await waitFor(() => receiver.received.find(
          (r) => r.body.data && r.body.data.id === deal.id), 30);
        expect(delivery).toBeDefined();
        const items = await appTester(App.triggers.deal_created.operation.perform,
          bundleOf({}, { cleanedRequest: delivery.body, subscribeData }));
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({
          id: delivery.headers['webhook-id'], event_type: 'deal.created', deal_id: deal.id,
          name: `Hooked ${tag}`,
        });
      }

      await appTester(App.triggers.deal_created.operation.performUnsubscribe,
        bundleOf({}, { targetUrl, subscribeData }));
      const gone = await api('GET', `/webhooks/${subscribeData.id}`);
      expect(gone.status).toBe(404);

      // Unsubscribing again (Zapier may retry) is not an error.
      await appTester(App.triggers.deal_created.operation.performUnsubscribe,
        bundleOf({}, { targetUrl, subscribeData }));
    });
  });
});
