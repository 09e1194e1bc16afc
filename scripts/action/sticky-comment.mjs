// The network part of action.yml: posts the KPI Lens comment on a pull request, or updates
// the one it posted before (found by its first line, `<!-- kpilens-diff -->`), through the
// GitHub REST API (GITHUB_API_URL, GITHUB_REPOSITORY, KPILENS_PR, GITHUB_TOKEN).
// Usage: node sticky-comment.mjs BODY_FILE. Exit 1 with the API's answer when a call fails.
/* global process, fetch */
import { readFileSync } from 'node:fs';

const MARKER = '<!-- kpilens-diff -->';
const body = readFileSync(process.argv[2], 'utf8');
const api = process.env.GITHUB_API_URL ?? 'https://api.github.com';
const repo = process.env.GITHUB_REPOSITORY;
const pr = process.env.KPILENS_PR;
const headers = {
  accept: 'application/vnd.github+json',
  authorization: `Bearer ${process.env.GITHUB_TOKEN ?? ''}`,
  'x-github-api-version': '2022-11-28',
  'content-type': 'application/json',
};

async function call(method, url, payload) {
  const response = await fetch(url, { method, headers, ...(payload ? { body: JSON.stringify(payload) } : {}) });
  if (!response.ok) {
    process.stderr.write(`kpilens action: ${method} ${url}: ${response.status} ${await response.text()}\n`);
    process.exit(1);
  }
  return response.json();
}

let existing;
for (let page = 1; existing === undefined && page <= 20; page++) {
  const comments = await call('GET', `${api}/repos/${repo}/issues/${pr}/comments?per_page=100&page=${page}`);
  existing = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
  if (comments.length < 100) break;
}
if (existing) await call('PATCH', `${api}/repos/${repo}/issues/comments/${existing.id}`, { body });
else await call('POST', `${api}/repos/${repo}/issues/${pr}/comments`, { body });
