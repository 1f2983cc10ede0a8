import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempBoard } from './temp-board.js';

const temp = useTempBoard();

describe('board_view on a large board', () => {
  it('caps the in-progress and unreadable lists and says how many more there are', async () => {
    await temp.board().call('feature_create', { features: Array.from({ length: 30 }, (_, i) => ({ title: `feature ${i}` })) });
    for (let i = 0; i < 27; i++) {
      const claimed = await temp.board().call('feature_claim', { worktree: false, agent: `agent-${i}` });
      expect(claimed.isError, claimed.text).toBe(false);
    }
    for (let i = 0; i < 25; i++) {
      const dir = join(temp.repo(), '.automaker', 'features', `feature-1-broken${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'feature.json'), '{ not json');
    }
    const view = await temp.board().call('board_view');
    expect(view.isError, view.text).toBe(false);
    expect(view.data.inProgress).toHaveLength(20);
    expect(view.data.inProgressTotal).toBe(27);
    expect(view.data.corrupt).toHaveLength(20);
    expect(view.data.corruptTotal).toBe(25);
    expect(view.text).toContain('… 7 more in progress');
    expect(view.text).toContain('… 5 more unreadable');
  });
});
