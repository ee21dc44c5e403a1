'use strict';

// Dynamic dropdowns page through the API's cursor lists. Zapier asks for page 0, 1, ...;
// page N follows `next_cursor` from the first page on (stateless, so nothing is kept in
// z.cursor between calls; a page holds 200, the API's most).

const { apiUrl } = require('./api');

const PAGE_SIZE = 200;

const cursorPage = async (z, bundle, path, params) => {
  const wanted = (bundle.meta && bundle.meta.page) || 0;
  let cursor = null;
  for (let page = 0; ; page += 1) {
    const query = { limit: PAGE_SIZE, ...params };
    if (cursor) query.cursor = cursor;
    const response = await z.request({ url: apiUrl(bundle, path), params: query });
    if (page === wanted) return response.data.items;
    cursor = response.data.next_cursor;
    if (!cursor) return [];
  }
};

module.exports = { PAGE_SIZE, cursorPage };
