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
    for (let step = 1; step <= 11; step++) expect(stdout).toContain(`[${step}/11]`);
    expect(stdout).toMatch(/a worktree appears\) ✔/);
    // Features by title, in the order they were planned, and every step says what it did.
    expect(stdout).not.toMatch(/feature-\d{13}-/);
    expect(stdout).toContain('✕ Add a --shout flag: waits on Greet by name\n      ✕ Document usage: waits on Greet by name, Add a --shout flag');
    expect(stdout).toMatch(/committed [0-9a-f]{7,} "Greet by name" on feature\/greet-by-name-\w+: 1 file changed/);
    expect(stdout).toMatch(/PR #1 /);
    expect(stdout).toMatch(/was approved by ada/);
    expect(stdout).toMatch(/merged PR #1 as [0-9a-f]{12} \(squash\)/);
    expect(stdout).toContain('main now says: echo "hello, ${1:-world}"');
    expect(stdout).toMatch(/backlog 2 · in_progress 0 · review 0 · blocked 0 · done 1/);
    expect(stdout).toMatch(/snapshot before_greeter_deploy: task OK/);
    expect(stdout).toMatch(/board +\d+ calls: .*feature_claim/);
    expect(stdout).toMatch(/1 gateway connection/);
    const after = readdirSync(tmpdir()).filter((n) => n.startsWith('protolabs-demo-') && !before.has(n));
    expect(after).toEqual([]);
  });
});
