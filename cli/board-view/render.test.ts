import { describe, expect, it } from 'vitest';
import type { Feature } from '../../servers/board/store/feature.js';
import { renderKanban } from './render.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');

function feature(id: string, title: string, extra: Partial<Feature> = {}): Feature {
  return {
    id,
    title,
    description: '',
    category: 'core',
    status: 'backlog',
    dependencies: [],
    statusHistory: [],
    createdAt: `2026-11-27T0${id.length % 10}:00:00.000Z`,
    updatedAt: '2026-11-27T10:00:00.000Z',
    ...extra,
  };
}

const board = {
  features: new Map(
    [
      feature('f-api', 'API endpoint', { priority: 1, status: 'done' }),
      feature('f-ui', 'Login screen with a rather long title that gets cut', {
        status: 'in_progress',
        claimedBy: 'agent-7',
        leaseExpiresAt: '2026-11-27T12:20:00.000Z',
        worktreePath: '/repo/.worktrees/login-screen-abc',
        statusHistory: [{ from: 'backlog', to: 'in_progress', timestamp: '2026-11-27T11:35:00.000Z' }],
      }),
      feature('f-docs', 'Docs', { priority: 3 }),
      feature('f-e2e', 'End-to-end tests', { dependencies: ['f-ui'] }),
      feature('f-deploy', 'Deploy', { status: 'blocked', statusChangeReason: 'needs prod credentials' }),
      feature('f-review', 'Settings page', { status: 'review', priority: 2 }),
    ].map((f) => [f.id, f] as const),
  ),
  corrupt: [{ id: 'f-broken', error: 'invalid JSON' }],
};

describe('renderKanban', () => {
  it('prints plain columns when piped', async () => {
    const text = renderKanban(board, { color: false, width: 100, now: NOW });
    expect(text).not.toContain('\u001b[');
    await expect(text).toMatchFileSnapshot('./__snapshots__/board-plain.txt');
  });

  it('prints coloured columns on a terminal', async () => {
    const text = renderKanban(board, { color: true, width: 120, now: NOW });
    expect(text).toContain('\u001b[33mIN PROGRESS (1)');
    await expect(text).toMatchFileSnapshot('./__snapshots__/board-tty.txt');
  });

  it('shows holders with lease age, the ready queue and what blocks the rest', () => {
    const text = renderKanban(board, { color: false, width: 100, now: NOW });
    expect(text).toContain(
      'f-ui  Login screen with a rather long title that gets cut  [agent-7, 25 min]  /repo/.worktrees/login-screen-abc',
    );
    expect(text).toMatch(/Ready queue \(1\)\n {2}1\. f-docs {2}Docs/);
    expect(text).toContain('f-e2e  End-to-end tests: waits on Login screen with a rather long title that gets cut (in_progress)');
    expect(text).toContain('f-deploy  Deploy: needs prod credentials');
    expect(text).toContain('! f-broken: unreadable feature.json (invalid JSON)');
  });

  it('keeps every column count in the header at 80 columns, shortening the name instead', () => {
    const many = new Map(
      Array.from({ length: 12 }, (_, i) => feature(`f-${i}`, `Task ${i}`, { status: 'in_progress', claimedBy: 'a' })).map(
        (f) => [f.id, f] as const,
      ),
    );
    const header = renderKanban({ features: many, corrupt: [] }, { color: false, width: 80, now: NOW }).split('\n')[0] ?? '';
    expect([...header].length).toBeLessThanOrEqual(80);
    expect(header).toMatch(/^BACKLOG \(0\) +│ IN PROG\S*… \(12\) +│ REVIEW \(0\) +│ BLOCKED \(0\) +│ DONE \(0\)$/);
  });
});
