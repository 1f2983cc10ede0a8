import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../testing/mcp-client.js';
// @ts-expect-error: plain-JavaScript build helper without type declarations
import { LIST_ENV } from '../scripts/server-env.mjs';
import { SERVER_NAMES } from './servers.js';

describe('the server registry', () => {
  it('names exactly the folders the build bundles, each with its tool-listing environment', () => {
    const folders = readdirSync(join(PROJECT_ROOT, 'servers')).filter((name) => existsSync(join(PROJECT_ROOT, 'servers', name, 'main.ts')));
    expect([...SERVER_NAMES].sort()).toEqual(folders.sort());
    expect(Object.keys(LIST_ENV).sort()).toEqual([...SERVER_NAMES].sort());
    for (const name of SERVER_NAMES) expect(existsSync(join(PROJECT_ROOT, 'dist', `${name}.js`)), name).toBe(true);
  });
});
