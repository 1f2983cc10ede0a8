import { InputError } from '../../shared/errors.js';
import type { GitHubApi } from './client.js';

const MAX_PAGES_PER_CALL = 5;

/**
 * One page of a filtered GitHub list. The cursor is `page:offset` of GitHub's own pages (100 rows each), so
 * rows dropped by the filter never shift later pages; a call reads at most five GitHub pages.
 */
export async function listPage<T>(
  api: GitHubApi,
  route: string,
  params: Record<string, unknown>,
  options: { limit: number; cursor?: string | undefined; keep?: (row: T) => boolean; what?: string },
): Promise<{ rows: T[]; nextCursor?: string }> {
  let [page, offset] = parseCursor(options.cursor);
  const rows: T[] = [];
  for (let read = 0; read < MAX_PAGES_PER_CALL; read++) {
    const batch = (await api.rest<T[]>(route, { ...params, per_page: 100, page }, options.what)) ?? [];
    for (let i = offset; i < batch.length; i++) {
      const row = batch[i] as T;
      if (options.keep && !options.keep(row)) continue;
      rows.push(row);
      if (rows.length === options.limit) {
        const more = i + 1 < batch.length || batch.length === 100;
        return more ? { rows, nextCursor: i + 1 < batch.length ? `${page}:${i + 1}` : `${page + 1}:0` } : { rows };
      }
    }
    if (batch.length < 100) return { rows };
    page++;
    offset = 0;
  }
  return { rows, nextCursor: `${page}:0` };
}

function parseCursor(cursor: string | undefined): [number, number] {
  if (cursor === undefined) return [1, 0];
  const match = /^([1-9][0-9]{0,4}):([0-9]{1,3})$/.exec(cursor);
  if (!match) throw new InputError('cursor is not one this tool returned; omit it to start from the first page.');
  return [Number(match[1]), Number(match[2])];
}
