'use strict';

const { DEFAULT_BASE_URL, apiUrl } = require('./lib/api');

// GET /api/v1/me: a 200 answers the key's login (its email labels the connection); a 401
// problem says why the key was refused.
const test = async (z, bundle) => {
  const response = await z.request({ url: apiUrl(bundle, '/me') });
  return response.data;
};

module.exports = {
  type: 'custom',
  fields: [
    {
      key: 'api_key',
      label: 'API Key',
      required: true,
      type: 'password',
      helpText:
        'Create one in the app (or `POST /api/v1/api-keys` while logged in) and paste it ' +
        'here. It acts as its login, with the same roles and clients.',
    },
    {
      key: 'base_url',
      label: 'API Base URL',
      required: true,
      type: 'string',
      default: DEFAULT_BASE_URL,
      helpText:
        'Where your Fractional Sales Management API is served, for example ' +
        '`https://sales.example.com` (without `/api/v1`).',
    },
  ],
  test,
  connectionLabel: '{{bundle.inputData.email}}',
};
