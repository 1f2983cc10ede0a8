import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverSetAside, SET_ASIDE } from './feature-file.js';

describe('putting back a set-aside feature.json', () => {
  it('lets two recoverers race (the request path and the background check): one puts it back, neither fails', async () => {
    for (let round = 0; round < 40; round++) {
      const dir = mkdtempSync(join(tmpdir(), 'set-aside-'));
      const file = join(dir, 'feature.json');
      writeFileSync(`${file}${SET_ASIDE}1234-abcd`, '{"id":"x"}\n');
      // Past the waiting attempts: both decide the writer died and put the copy back.
      await expect(Promise.all([recoverSetAside(file, 99), recoverSetAside(file, 99)])).resolves.toEqual([true, true]);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('{"id":"x"}\n');
      expect(readdirSync(dir)).toEqual(['feature.json']);
    }
  });
});
