'use strict';

// Every request carries the API key; every error answer (RFC 9457 problem+json) becomes a
// Zapier error that says the API's `detail`.

const includeApiKey = (request, z, bundle) => {
  request.headers = request.headers || {};
  if (bundle.authData && bundle.authData.api_key) {
    request.headers['X-API-Key'] = bundle.authData.api_key.trim();
  }
  request.headers.Accept = request.headers.Accept || 'application/json';
  return request;
};

const problemOf = (response) => {
  try {
    const body = typeof response.data === 'object' && response.data !== null
      ? response.data
      : JSON.parse(response.content);
    return body && typeof body === 'object' ? body : {};
  } catch (err) {
    return {};
  }
};

// "detail" plus each field error ("amount: Input should be a valid decimal"), at most five.
const describe = (problem, response) => {
  let message = problem.detail || problem.title ||
    `The API answered ${response.status} for ${response.request.method} ${response.request.url}`;
  const errors = Array.isArray(problem.errors) ? problem.errors : [];
  const named = errors.slice(0, 5).map((error) => {
    const field = String(error.field || '').replace(/^body\./, '');
    return field ? `${field}: ${error.message}` : error.message;
  }).filter((text, i) => text && !message.includes(errors[i].message));
  if (named.length) message += ` (${named.join('; ')})`;
  return message;
};

const handleProblems = (response, z) => {
  if (response.status < 400 || response.skipThrowForStatus) return response;
  const problem = problemOf(response);
  const message = describe(problem, response);
  if (response.status === 401) {
    // An API key can't be refreshed: a revoked, expired or wrong key means reconnecting.
    throw new z.errors.ExpiredAuthError(`The API key was refused: ${message}`);
  }
  if (response.status === 429) {
    const retryAfter = parseInt(response.headers.get('retry-after'), 10);
    throw new z.errors.ThrottledError(message, Number.isNaN(retryAfter) ? 60 : retryAfter);
  }
  throw new z.errors.Error(message, problem.type || 'ApiError', response.status);
};

module.exports = { describe, handleProblems, includeApiKey };
