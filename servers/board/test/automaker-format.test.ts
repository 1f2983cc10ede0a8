import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRepo, startBoard, type TestBoard } from './harness.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'automaker');
const LOGIN = 'feature-1765000000000-a1b2c3d4e';
const SESSION = 'feature-1765000100000-f5g6h7i8j';

let board: TestBoard;
let repo: string;
afterEach(async () => board.close());

async function openFixtureBoard(): Promise<void> {
  repo = createRepo();
  cpSync(FIXTURE, join(repo, '.automaker'), { recursive: true });
  board = await startBoard(repo);
}

function onDisk(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(repo, '.automaker', 'features', id, 'feature.json'), 'utf8'));
}

/** The fields Automaker's own loader relies on (libs/types/src/feature.ts): present and of the right type. */
function assertAutomakerShape(f: Record<string, unknown>): void {
  expect(typeof f.id).toBe('string');
  expect(typeof f.category).toBe('string');
  expect(typeof f.description).toBe('string');
  expect(Array.isArray(f.dependencies)).toBe(true);
  expect(typeof f.status).toBe('string');
  if ('priority' in f) expect(typeof f.priority).toBe('number');
  if ('title' in f) expect(typeof f.title).toBe('string');
}

describe('Automaker format', () => {
  it('loads a board written by the Automaker app, mapping its statuses and priorities (1 High, 2 Medium) to ours', async () => {
    await openFixtureBoard();
    const list = await board.call('feature_list');
    expect(list.data.features).toEqual([
      expect.objectContaining({
        id: LOGIN,
        status: 'done',
        appStatus: 'verified',
        title: 'Add a login form with email and password',
        priority: 2,
      }),
      expect.objectContaining({ id: SESSION, status: 'backlog', appStatus: 'pending', title: 'Session handling', priority: 3 }),
    ]);
    const got = await board.call('feature_get', { id: SESSION });
    expect(got.data.feature).toMatchObject({
      createdAt: '2025-12-06T05:48:20.000Z',
      dependencies: [{ id: LOGIN, status: 'done' }],
      logTail: ['Keep the login flow accessible.'],
    });
  });

  it('keeps every unknown field when it writes, and what it writes keeps Automaker’s shape', async () => {
    await openFixtureBoard();
    const before = onDisk(SESSION);
    const claimed = await board.call('feature_claim', {});
    expect(claimed.data.feature).toMatchObject({ id: SESSION });
    await board.call('feature_update', { id: SESSION, summary: 'sessions in cookies' });
    const after = onDisk(SESSION);
    for (const key of ['titleGenerating', 'branchName', 'planSpec', 'descriptionHistory', 'executionHistory', 'costUsd']) {
      expect(after[key], key).toEqual(before[key]);
    }
    expect(after).toMatchObject({ status: 'in_progress', summary: 'sessions in cookies', claimedBy: 'session-a' });
    assertAutomakerShape(after);
    const created = await board.call('feature_create', { features: [{ title: 'New one', dependencies: [SESSION] }] });
    assertAutomakerShape(onDisk((created.data.features as Array<{ id: string }>)[0]!.id));
  });

  it('serves context files with their descriptions as resources', async () => {
    await openFixtureBoard();
    const { resources } = await board.client.listResources();
    expect(resources).toContainEqual(
      expect.objectContaining({ uri: 'board://context/coding-rules.md', description: 'House rules for code' }),
    );
    expect(resources).toContainEqual(expect.objectContaining({ uri: 'board://summary' }));
    expect(resources).toContainEqual(expect.objectContaining({ uri: `board://features/${SESSION}` }));
    const rules = await board.client.readResource({ uri: 'board://context/coding-rules.md' });
    expect(rules.contents[0]).toMatchObject({ text: expect.stringContaining('Use pnpm') });
    await expect(board.client.readResource({ uri: 'board://context/..%2F..%2Fetc%2Fpasswd' })).rejects.toThrow();
    const summary = await board.client.readResource({ uri: 'board://summary' });
    expect(summary.contents[0]).toMatchObject({
      text: expect.stringContaining('backlog 1 · in_progress 0 · review 0 · blocked 0 · done 1'),
    });
  });

  it('offers the auto_mode and implement_feature prompts', async () => {
    await openFixtureBoard();
    const { prompts } = await board.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(['auto_mode', 'implement_feature']);
    const brief = await board.client.getPrompt({ name: 'implement_feature', arguments: { id: SESSION } });
    const text = (brief.messages[0]?.content as { text: string }).text;
    expect(text).toContain('Implement feature feature-1765000100000-f5g6h7i8j: Session handling');
    expect(text).toContain('Add a login form with email and password (done): Login form done');
  });
});
