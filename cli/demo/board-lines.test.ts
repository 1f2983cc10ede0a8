import { describe, expect, it } from 'vitest';
import { boardLines } from './board-lines.js';

describe('the demo board', () => {
  it('names features by title in the order they were planned, whatever order the board lists them in', () => {
    const titles = new Map([
      ['feature-1-aaa', 'Greet by name'],
      ['feature-1-bbb', 'Add a --shout flag'],
      ['feature-1-ccc', 'Document usage'],
    ]);
    const view = {
      counts: { backlog: 2, in_progress: 1, review: 0, blocked: 0, done: 0 },
      inProgress: [{ id: 'feature-1-aaa', claimedBy: 'demo-agent', worktree: '/tmp/x/greeter/.worktrees/greet-by-name' }],
      ready: [],
      blocked: [
        { id: 'feature-1-ccc', waitsOn: ['feature-1-aaa', 'feature-1-bbb'] },
        { id: 'feature-1-bbb', waitsOn: ['feature-1-aaa'] },
      ],
    };
    expect(boardLines(view, titles, '/tmp/x/greeter')).toBe(
      [
        'backlog 2 · in_progress 1 · review 0 · blocked 0 · done 0',
        '▶ Greet by name: held by demo-agent in .worktrees/greet-by-name',
        '✕ Add a --shout flag: waits on Greet by name',
        '✕ Document usage: waits on Greet by name, Add a --shout flag',
      ].join('\n'),
    );
  });
});
