'use strict';

const { App, appTester, authData, bundleOf } = require('./helpers');

describe('authentication', () => {
  it('tests the key with GET /api/v1/me and labels the connection with the email', async () => {
    const me = await appTester(App.authentication.test, bundleOf());
    expect(me.email).toMatch(/@/);
    expect(me.role).toBeDefined();
    expect(App.authentication.connectionLabel).toBe('{{bundle.inputData.email}}');
  });

  it('turns a refused key into an expired-auth error that says the API\'s detail', async () => {
    const bundle = { authData: { ...authData, api_key: 'fsm_000000000000_not-a-real-key' } };
    const failure = await appTester(App.authentication.test, bundle).catch((error) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure.name).toBe('ExpiredAuthError');
    expect(failure.message).toMatch(/^The API key was refused: \S/);
  });

  it('accepts a base URL with a trailing slash', async () => {
    const bundle = { authData: { ...authData, base_url: `${authData.base_url}/` } };
    const me = await appTester(App.authentication.test, bundle);
    expect(me.email).toMatch(/@/);
  });
});
