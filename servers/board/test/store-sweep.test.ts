import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../testing/wait-for.js';
import { create, feature, retitle, useStoreSessions } from './store-sessions.js';

// Edits made outside the server (the app, an editor) are found by a background check of every file's stat. With
// many sessions on one board, one of them checks and tells the others through the journal.

const { repo, featuresDir, session } = useStoreSessions();
const journal = () => join(featuresDir(), '.journal');
const lease = () => join(repo(), '.automaker', '.features.sweep');

function editByHand(id: string, title: string): void {
  const file = join(featuresDir(), id, 'feature.json');
  writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), title }, null, 2));
}

/** The journal's lines written after `offset`. */
function journalSince(offset: number): string {
  return readFileSync(journal()).subarray(offset).toString('utf8');
}

describe('the index, with several sessions on the board', () => {
  it('is rewritten by one session when the journal moves on, not by each of them', async () => {
    // a board the app made (no journal yet), opened by two sessions
    const made = [feature(0), feature(1)];
    for (const f of made) {
      mkdirSync(join(featuresDir(), f.id), { recursive: true });
      writeFileSync(join(featuresDir(), f.id, 'feature.json'), JSON.stringify(f, null, 2));
    }
    const first = await session();
    await first.snapshot();
    const index = join(featuresDir(), '.index.json');
    await waitFor('the index to be written', () => existsSync(index));
    const second = await session();
    await second.snapshot(); // from the index, which knows no journal yet
    await retitle(first, made[0]!.id, 'first writes: the journal starts');
    await waitFor('the index to follow the new journal', () =>
      readFileSync(index, 'utf8').startsWith(`{"format":2,"journal":{"ino":${statSync(journal()).ino},`),
    );
    const written = statSync(index).ino;
    await retitle(second, made[1]!.id, 'second writes');
    await new Promise((resolve) => setTimeout(resolve, 300)); // a rewrite is scheduled 50 ms after the write
    await second.snapshot();
    expect(statSync(index).ino).toBe(written);
  });
});

describe('edits made outside the server, with several sessions on the board', () => {
  it('puts an outside edit the background check found into the journal, so other sessions re-read only that feature', async () => {
    const first = await session();
    const made = await create(first, 3);
    await first.snapshot();
    const offset = statSync(journal()).size;
    editByHand(made[1]!.id, 'edited in the app');
    await waitFor('the outside edit in the journal', () => journalSince(offset).includes(made[1]!.id), 20_000);
    expect(journalSince(offset).trim().split(/\s+/)).toEqual([made[1]!.id]);
    const titles = [...(await first.snapshot()).features.values()].map((f) => f.title);
    expect(titles).toContain('edited in the app');
  });

  it('lets another session take the check over when the one holding it closes, and leaves no lease behind', async () => {
    const first = await session();
    const made = await create(first, 3);
    await first.snapshot();
    const second = await session();
    await second.snapshot();
    await waitFor('one session to hold the check', () => existsSync(lease()), 20_000);
    first.close();
    const offset = statSync(journal()).size;
    // the second session's own first round is long over; only the lease makes it check again
    await new Promise((resolve) => setTimeout(resolve, 1500));
    editByHand(made[2]!.id, 'edited after the first session left');
    await waitFor('the second session to find the edit', () => journalSince(offset).includes(made[2]!.id), 20_000);
    const titles = [...(await second.snapshot()).features.values()].map((f) => f.title);
    expect(titles).toContain('edited after the first session left');
    second.close();
    await waitFor('the lease to be given up', () => !existsSync(lease()), 20_000);
  });
});

describe('closing a session', () => {
  it('returns once its background work has stopped: nothing under .automaker/ changes afterwards', async () => {
    const store = await session();
    await create(store, 3); // loads the board: the index write is due and the background check has started
    await store.close();
    const tree = () => readdirSync(join(repo(), '.automaker'), { recursive: true }).map(String).sort();
    const closed = tree();
    expect(closed).not.toContain('.features.sweep'); // the lease was given back
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the index's 50 ms delay and a tick
    expect(tree()).toEqual(closed);
  });
});
