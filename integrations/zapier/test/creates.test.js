'use strict';

const { App, api, appTester, bundleOf, pastDay, runTag, zapierError } = require('./helpers');

describe('actions and search', () => {
  const tag = runTag();
  const logged = []; // activity ids to delete afterwards
  let rep;
  let deal;

  afterAll(async () => {
    for (const id of logged) await api('DELETE', `/activities/${id}`);
  });

  it('lists reps for the Rep dropdown', async () => {
    const reps = await appTester(App.triggers.rep_list.operation.perform, bundleOf());
    expect(reps.length).toBeGreaterThan(0);
    rep = reps[0];
    expect(rep.id).toBeDefined();
    expect(rep.label).toContain(rep.full_name);
  });

  it('creates a deal', async () => {
    deal = await appTester(App.creates.create_deal.operation.perform, bundleOf({
      name: `Zapier test ${tag}`,
      amount: '12500.50',
      rep_id: rep.id,
      stage: 'discovery',
      expected_close_on: '2030-03-31T00:00:00-05:00',
      account_name: `Account ${tag}`,
      next_step: 'Send the proposal',
      next_step_due_on: '2030-01-15',
      decision_maker: 'Head of operations',
      forecast_category: 'best_case',
      external_id: `ext-${tag}`,
      idempotency_key: '',
    }));
    expect(deal.id).toBeDefined();
    expect(deal.name).toBe(`Zapier test ${tag}`);
    expect(deal.amount).toBe('12500.50');
    expect(deal.rep_id).toBe(rep.id);
    expect(deal.stage).toBe('discovery');
    expect(deal.expected_close_on).toBe('2030-03-31');
    expect(deal.forecast_category).toBe('best_case');
    expect(deal.external_id).toBe(`ext-${tag}`);
    expect(deal.next_step_due_on).toBe('2030-01-15');
    expect(deal.decision_maker).toBe('Head of operations');
    const stored = await api('GET', `/deals/${deal.id}`);
    expect(stored.status).toBe(200);
    expect(stored.data.account_name).toBe(`Account ${tag}`);
  });

  it('says the API\'s detail when a deal is refused', async () => {
    const failure = await appTester(App.creates.create_deal.operation.perform, bundleOf({
      name: `Zapier bad amount ${tag}`, amount: 'lots', rep_id: rep.id,
    })).catch((error) => error);
    const shown = zapierError(failure);
    expect(shown.status).toBe(422);
    expect(shown.message).toMatch(/invalid field/);
    expect(shown.message).toMatch(/amount: /);
  });

  it('sends an Idempotency-Key: the same key creates once', async () => {
    const input = { name: `Zapier once ${tag}`, rep_id: rep.id, idempotency_key: `once-${tag}` };
    const first = await appTester(App.creates.create_deal.operation.perform, bundleOf(input));
    const again = await appTester(App.creates.create_deal.operation.perform, bundleOf(input));
    expect(again.id).toBe(first.id);
  });

  it('finds the deal by text in its name, account name or next step', async () => {
    const byName = await appTester(App.searches.find_deal.operation.perform,
      bundleOf({ q: `zapier TEST ${tag}` }));
    expect(byName.map((d) => d.id)).toEqual([deal.id]);
    expect(byName[0].rep_name).toBeTruthy();
    expect(byName[0].client_name).toBeTruthy();
    const byAccount = await appTester(App.searches.find_deal.operation.perform,
      bundleOf({ q: `account ${tag}`, status: 'open', rep_id: rep.id }));
    expect(byAccount.map((d) => d.id)).toEqual([deal.id]);
    const none = await appTester(App.searches.find_deal.operation.perform,
      bundleOf({ q: `nothing-like-${tag}` }));
    expect(none).toEqual([]);
  });

  it('pairs Find Deal with Create Deal (search or create)', () => {
    expect(App.searchOrCreates.find_deal).toMatchObject({ search: 'find_deal', create: 'create_deal' });
  });

  it('lists the rep\'s open deals for the Deal dropdown', async () => {
    const deals = await appTester(App.triggers.deal_list.operation.perform,
      bundleOf({ rep_id: rep.id }));
    expect(deals.map((d) => d.id)).toContain(deal.id);
    expect(deals.every((d) => d.rep_id === rep.id)).toBe(true);
  });

  it('logs an activity on the deal', async () => {
    const day = pastDay();
    const activity = await appTester(App.creates.log_activity.operation.perform, bundleOf({
      rep_id: rep.id, kind: 'call', quantity: '7', occurred_on: `${day}T09:30:00Z`,
      deal_id: deal.id, note: `Zapier ${tag}`,
    }));
    logged.push(activity.id);
    expect(activity).toMatchObject({ kind: 'call', occurred_on: day, rep_id: rep.id, deal_id: deal.id });
    expect(Number(activity.quantity)).toBe(7);
    const stored = await api('GET', `/activities/${activity.id}`);
    expect(stored.status).toBe(200);
    expect(stored.data.note).toBe(`Zapier ${tag}`);

    const twice = await appTester(App.creates.log_activity.operation.perform, bundleOf({
      rep_id: rep.id, kind: 'call', quantity: '1', occurred_on: day,
    })).catch((error) => error);
    const shown = zapierError(twice);
    expect(shown.status).toBe(409);
    expect(shown.message).toMatch(/already logged/);
  });

  it('logs a week\'s totals, one entry per kind', async () => {
    const day = pastDay(4000);
    const week = await appTester(App.creates.log_week.operation.perform, bundleOf({
      rep_id: rep.id, occurred_on: day, calls: 14, meetings: 3, proposals: 0,
      prospecting_hours: '5.25', note: `Week ${tag}`,
    }));
    logged.push(...week.activities.map((row) => row.id));
    expect(week.logged).toBe(3);
    expect(week.occurred_on).toBe(day);
    expect(week.activities.map((row) => row.kind).sort()).toEqual(['call', 'meeting', 'prospecting']);
    expect(Number(week.calls)).toBe(14);
    expect(Number(week.prospecting_hours)).toBe(5.25);
    expect(week.proposals).toBe('0');
    const listed = await api('GET', `/activities?rep_id=${rep.id}&from=${day}&to=${day}`);
    expect(listed.data.items.map((row) => row.id).sort()).toEqual(week.activities.map((r) => r.id).sort());
  });

  it('refuses an empty week without calling the API', async () => {
    const failure = await appTester(App.creates.log_week.operation.perform, bundleOf({
      rep_id: rep.id, occurred_on: pastDay(), calls: '', meetings: 0,
    })).catch((error) => error);
    expect(zapierError(failure).message).toMatch(/Nothing to log/);
  });

  it('names the invalid row of a week, and logs none of it', async () => {
    const failure = await appTester(App.creates.log_week.operation.perform, bundleOf({
      rep_id: rep.id, occurred_on: pastDay(), calls: 2, prospecting_hours: '1.1',
    })).catch((error) => error);
    const shown = zapierError(failure);
    expect(shown.status).toBe(422);
    expect(shown.message).toMatch(/items\.1: .*quarter hours/);
  });

  it('says which kind is already logged, and logs none of the week', async () => {
    const day = pastDay(8000);
    const one = await appTester(App.creates.log_activity.operation.perform, bundleOf({
      rep_id: rep.id, kind: 'meeting', quantity: '1', occurred_on: day,
    }));
    logged.push(one.id);
    const failure = await appTester(App.creates.log_week.operation.perform, bundleOf({
      rep_id: rep.id, occurred_on: day, calls: 5, meetings: 2,
    })).catch((error) => error);
    const shown = zapierError(failure);
    expect(shown.status).toBe(422);
    expect(shown.message).toMatch(/nothing was logged/);
    expect(shown.message).toMatch(/meeting for this rep on .* is already logged/);
    const listed = await api('GET', `/activities?rep_id=${rep.id}&from=${day}&to=${day}`);
    expect(listed.data.items.map((row) => row.id)).toEqual([one.id]);
  });
});
