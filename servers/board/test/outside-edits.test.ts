import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempBoard } from './temp-board.js';

const temp = useTempBoard();

function file(id: string): string {
  return join(temp.repo(), '.automaker', 'features', id, 'feature.json');
}
function onDisk(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file(id), 'utf8'));
}

async function createOne(): Promise<string> {
  const created = await temp.board().call('feature_create', { features: [{ title: 'Shared', description: 'edited from two sides' }] });
  expect(created.isError, created.text).toBe(false);
  const id = (created.data.features as Array<{ id: string }>)[0]!.id;
  // A read right before the outside edit: the server now holds the old version in memory.
  expect((await temp.board().call('feature_list')).data.total).toBe(1);
  return id;
}

describe('edits made outside the server', () => {
  it('keeps a hand edit made in place right before our update of another field', async () => {
    const id = await createOne();
    writeFileSync(file(id), JSON.stringify({ ...onDisk(id), description: 'edited by hand', reviewer: 'sam' }, null, 2));
    const updated = await temp.board().call('feature_update', { id, summary: 'ours' });
    expect(updated.isError, updated.text).toBe(false);
    expect(onDisk(id)).toMatchObject({ description: 'edited by hand', reviewer: 'sam', summary: 'ours' });
  });

  it('keeps an editor’s rename-into-place made right before our status change', async () => {
    const id = await createOne();
    writeFileSync(`${file(id)}.tmp`, JSON.stringify({ ...onDisk(id), title: 'Renamed by the app', category: 'frontend' }, null, 2));
    renameSync(`${file(id)}.tmp`, file(id));
    const moved = await temp.board().call('feature_move', { id, status: 'blocked', reason: 'waiting for design' });
    expect(moved.isError, moved.text).toBe(false);
    expect(onDisk(id)).toMatchObject({ title: 'Renamed by the app', category: 'frontend', status: 'blocked' });
  });

  it('applies our update on the outside version when both changed the same field, keeping its other changes', async () => {
    const id = await createOne();
    writeFileSync(file(id), JSON.stringify({ ...onDisk(id), summary: 'theirs', category: 'ops' }, null, 2));
    const updated = await temp.board().call('feature_update', { id, summary: 'ours' });
    expect(updated.isError, updated.text).toBe(false);
    expect(onDisk(id)).toMatchObject({ summary: 'ours', category: 'ops' });
  });

  it('sees a feature created by hand, and one deleted by hand, on the next call', async () => {
    const id = await createOne();
    const other = 'feature-1764000000000-handmade1';
    mkdirSync(join(temp.repo(), '.automaker', 'features', other));
    writeFileSync(file(other), JSON.stringify({ id: other, title: 'Made by hand', status: 'backlog' }));
    rmSync(join(temp.repo(), '.automaker', 'features', id), { recursive: true });
    const list = await temp.board().call('feature_list');
    expect((list.data.features as Array<{ id: string }>).map((f) => f.id)).toEqual([other]);
  });
});
