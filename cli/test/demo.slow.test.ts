import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';

describe('protolabs-mcp demo', () => {
  it('runs the whole loop against the loopback fakes, cleans up and exits 0', { timeout: 600_000 }, async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('protolabs-demo-')));
    const { stdout } = await runCommand(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, 'demo'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmpdir() },
      ceilingMs: 540_000,
    });
    for (let step = 1; step <= 7; step++) expect(stdout).toContain(`[${step}/7]`);
    // Features by title, in the order they were planned, and every step says what it did.
    expect(stdout).not.toMatch(/feature-\d{13}-/);
    expect(stdout).toContain(
      '✕ Add a --shout flag: waits on Greet by name\n      ✕ Document usage: waits on Greet by name, Add a --shout flag',
    );
    // Three times round the loop through GitHub, each feature forked from the base the previous merge made.
    const rounds = ['Greet by name', 'Add a --shout flag', 'Document usage'];
    for (const [i, title] of rounds.entries()) {
      expect(stdout).toMatch(new RegExp(`\\[${i + 3}/7\\] ${title}: claim .* feature_finish ✔`));
      expect(stdout).toMatch(new RegExp(`committed [0-9a-f]{7,} "${title}": 1 file changed`));
      expect(stdout).toMatch(
        new RegExp(`PR #${i + 1} → approved by ada in Discord → merged PR #${i + 1} on GitHub as [0-9a-f]{12} \\(squash\\)`),
      );
    }
    expect(stdout.match(/forked from origin\/main [0-9a-f]{7}/g)).toHaveLength(3);
    expect(stdout.match(/feature_finish: .*Local main fast-forwarded to [0-9a-f]{12}, worktree removed, branch deleted/g)).toHaveLength(3);
    expect(stdout).not.toContain('worktree_merge');
    expect(stdout).toMatch(/backlog 0 · in_progress 0 · review 0 · blocked 0 · done 3/);
    expect(stdout).toMatch(
      /main = origin\/main = [0-9a-f]{12}: Document usage \(#3\) ← Add a --shout flag \(#2\) ← Greet by name \(#1\) ← A greeter that says hello/,
    );
    expect(stdout).toMatch(/snapshot before_greeter_deploy: task OK/);
    expect(stdout).toMatch(/board +\d+ calls: .*feature_claim.*feature_finish/);
    expect(stdout).toMatch(/1 gateway connection, 3 approvals/);
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('protolabs-demo-') && !before.has(n));
    expect(after).toEqual([]);
  });
});
