import { appendFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SET_ASIDE } from '../store/feature-file.js';
import type { FeatureStore } from '../store/feature-store.js';
import { waitFor } from '../../../testing/wait-for.js';
import { create, retitle, useStoreSessions } from './store-sessions.js';

const { featuresDir, session } = useStoreSessions();

async function titles(store: FeatureStore): Promise<string[]> {
  return [...(await store.snapshot()).features.values()].map((f) => f.title).sort();
}

describe('the board index and journal', () => {
  it('writes an index a new session starts from, and rebuilds it when deleted or corrupt', async () => {
    const first = await session();
    const made = await create(first, 5);
    await first.snapshot();
    const index = join(featuresDir(), '.index.json');
    await waitFor('the index to be written', () => existsSync(index));
    await retitle(first, made[0]!.id, 'changed after the index');
    expect(await titles(await session())).toContain('changed after the index');

    rmSync(index);
    expect(await titles(await session())).toHaveLength(5);
    await waitFor('the index to be rewritten', () => existsSync(index));

    writeFileSync(index, '{"format":1,"journal":{"ino":1,"offset":0},"entries":[["not even', 'utf8');
    const afterCorrupt = await session();
    expect(await titles(afterCorrupt)).toHaveLength(5);
    await waitFor('the corrupt index to be replaced', () => {
      try {
        return JSON.parse(readFileSync(index, 'utf8')).entries.length === 5;
      } catch {
        return false;
      }
    });
  });

  it('does not trust an index whose journal was replaced: a change made since is seen', async () => {
    const first = await session();
    const made = await create(first, 3);
    await first.snapshot();
    const index = join(featuresDir(), '.index.json');
    await waitFor('the index to be written', () => existsSync(index));
    rmSync(join(featuresDir(), '.journal'));
    writeFileSync(join(featuresDir(), made[1]!.id, 'feature.json'), JSON.stringify({ ...made[1], title: 'edited while no server ran' }));
    expect(await titles(await session())).toContain('edited while no server ran');
  });

  it('follows another session’s writes after its journal is deleted, garbled or cut mid-line', async () => {
    const reader = await session();
    const writer = await session();
    const made = await create(writer, 3);
    expect(await titles(reader)).toHaveLength(3);

    rmSync(join(featuresDir(), '.journal'));
    await retitle(writer, made[0]!.id, 'after the journal was deleted');
    expect(await titles(reader)).toContain('after the journal was deleted');

    appendFileSync(join(featuresDir(), '.journal'), '\u0000\u0001 garbage ../../etc feature-1-partial');
    await retitle(writer, made[1]!.id, 'after a cut line');
    expect(await titles(reader)).toContain('after a cut line');
    expect(await titles(await session())).toEqual(await titles(reader));
  });

  it('puts back a feature.json that a killed writer had set aside, losing nothing', async () => {
    const first = await session();
    const [one] = await create(first, 1);
    const file = join(featuresDir(), one!.id, 'feature.json');
    renameSync(file, `${file}${SET_ASIDE}999999-deadbeef`);
    const next = await session();
    expect(await titles(next)).toEqual(['feature 0']);
    await waitFor('the background check to put the file back', () => existsSync(file));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ id: one!.id, title: 'feature 0' });
    expect(readdirSync(join(featuresDir(), one!.id))).toEqual(['feature.json']);
  });
});
