// The HTTP side of the GitHub fake: serving a list one page at a time with GitHub's `Link`
// header, and writing a reply with the headers GitHub always sends.
import type { ServerResponse } from 'node:http';
import type { Reply } from './rest.js';

/** Serves one page of `reply.page.items` with GitHub's `Link` header (absolute URLs). */
export function paginate(url: URL, reply: Reply): Reply {
  const items = reply.page?.items ?? [];
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('page', String(n));
    target.searchParams.set('per_page', String(perPage));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  return {
    status: reply.status,
    body: reply.page?.wrap ? reply.page.wrap(slice, items.length) : slice,
    headers: { ...reply.headers, ...(links.length ? { link: links.join(', ') } : {}) },
  };
}

export function send(res: ServerResponse, reply: Reply): void {
  const reset = String(Math.ceil(Date.now() / 1000) + 3600);
  const headers: Record<string, string> = {
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': `FAKE:${Math.random().toString(16).slice(2, 10)}`,
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-reset': reset,
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
    ...reply.headers,
  };
  if (reply.body === undefined || reply.status === 204) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  headers['content-type'] ??= 'application/json; charset=utf-8';
  res.writeHead(reply.status, headers).end(text);
}
