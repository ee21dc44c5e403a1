'use strict';

// The API's base URL (the `base_url` auth field) and paths under it.

const DEFAULT_BASE_URL = 'http://localhost:8000';

const baseUrl = (bundle) => {
  const given = ((bundle.authData || {}).base_url || '').trim();
  return (given || DEFAULT_BASE_URL).replace(/\/+$/, '');
};

const apiUrl = (bundle, path) => `${baseUrl(bundle)}/api/v1${path}`;

// Only the fields the user filled: empty ones are left out so that the API's defaults apply.
const filled = (inputData, keys) => {
  const body = {};
  for (const key of keys) {
    const value = inputData[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    body[key] = typeof value === 'string' ? value.trim() : value;
  }
  return body;
};

// A day (YYYY-MM-DD) from what Zapier's datetime fields give: an ISO date or date-time
// (its own day, in the offset it was written in), or anything Date understands.
const toDay = (value) => {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  if (iso) return iso[1];
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) return text; // the API names what is wrong
  return parsed.toISOString().slice(0, 10);
};

// Sent as Idempotency-Key when the user maps one (e.g. the triggering item's id), so a
// retried step never creates twice.
const idempotencyHeaders = (bundle) => {
  const key = ((bundle.inputData || {}).idempotency_key || '').trim();
  return key ? { 'Idempotency-Key': key } : {};
};

const idempotencyField = {
  key: 'idempotency_key',
  label: 'Idempotency Key',
  required: false,
  helpText:
    'Optional. Map a value that is unique to the triggering item (for example its ID): ' +
    'a retried step with the same key answers the first result instead of creating twice.',
};

module.exports = {
  DEFAULT_BASE_URL,
  apiUrl,
  baseUrl,
  filled,
  idempotencyField,
  idempotencyHeaders,
  toDay,
};
