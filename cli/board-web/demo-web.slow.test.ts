import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { waitFor } from '../../testing/wait-for.js';

interface Column {
  status: string;
  cards: Array<{ title: string; pr?: { state: string }; approvals: Array<{ status: string }> }>;
}

describe('protolabs-mcp demo --web', () => {
  it('serves the scratch board while the loop runs, keeps it up at the end until Ctrl-C, then cleans up', async () => {
    const before = new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('protolabs-demo-')));
    const child = spawn(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, 'demo', '--web'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmpdir() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = (await waitFor(
        'the demo to print the board page URL',
        () => /live at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1],
        120_000,
      )) as string;
      expect(stdout.slice(0, stdout.indexOf('live at')), 'the URL comes before the first step').not.toContain('[1/7]');
      const seen = new Set<string>();
      const board = async () => (await (await fetch(`${url}api/board`)).json()) as { columns: Column[] };
      await waitFor(
        'the end of the loop',
        async () => {
          const columns = (await board()).columns;
          seen.add(columns.map((c) => `${c.status}:${c.cards.length}`).join(' '));
          return stdout.includes('stays at');
        },
        540_000,
      );
      const done = (await board()).columns.find((c) => c.status === 'done');
      expect(done?.cards).toHaveLength(3);
      expect(done?.cards).toEqual(
        expect.arrayContaining(
          ['Greet by name', 'Add a --shout flag', 'Document usage'].map((title) =>
            expect.objectContaining({
              title,
              pr: expect.objectContaining({ state: 'merged' }),
              approvals: [expect.objectContaining({ status: 'approved' })],
            }),
          ),
        ),
      );
      // The page followed the loop: more than the first and the last board.
      expect(seen.size).toBeGreaterThan(2);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith('protolabs-demo-') && !before.has(n))).toEqual([]);
  });
});
