'use strict';

// Shared by the tests: a real API at API_BASE_URL, called with API_KEY (no mocking).

const zapier = require('zapier-platform-core');

const App = require('../index');

const BASE_URL = (process.env.API_BASE_URL || '').replace(/\/+$/, '');
const API_KEY = process.env.API_KEY || '';

if (!BASE_URL || !API_KEY) {
  throw new Error(
    'Set API_BASE_URL and API_KEY (python -m tests.zapier_app does) to run these tests.',
  );
}

const appTester = zapier.createAppTester(App);
zapier.tools.env.inject();

const authData = { api_key: API_KEY, base_url: BASE_URL };

const bundleOf = (inputData = {}, extra = {}) => ({ authData, inputData, ...extra });

// The API itself, beside the app: to check what the app did.
const api = async (method, path, body) => {
  const response = await fetch(`${BASE_URL}/api/v1${path}`, {
    method,
    headers: { 'X-API-Key': API_KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, data: text ? JSON.parse(text) : null };
};

// A unique marker for this run's records.
const runTag = () => `zap${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

// A past day, far before the demo's 13 weeks of activity and random enough that reruns on the
// same database don't collide with earlier rows (the tests delete theirs anyway).
const pastDay = (offsetDays = 0) => {
  const daysAgo = 500 + Math.floor(Math.random() * 3000) + offsetDays;
  return new Date(Date.now() - daysAgo * 86400000).toISOString().slice(0, 10);
};

// The error a Zapier step shows: z.errors.Error carries JSON {message, code, status}.
const zapierError = (error) => {
  try {
    return JSON.parse(error.message);
  } catch (err) {
    return { message: error.message, name: error.name };
  }
};

module.exports = { API_KEY, App, BASE_URL, api, appTester, authData, bundleOf, pastDay, runTag,
  zapierError };
