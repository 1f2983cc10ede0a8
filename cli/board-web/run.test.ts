import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRepo } from '../../servers/board/test/harness.js';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';
import { waitFor } from '../../testing/wait-for.js';
import { plantFeature } from './test-board.js';

describe('protolabs-mcp board --web', () => {
  it('serves the current repository on 127.0.0.1 at a free port, prints the URL, and stops on Ctrl-C', async () => {
    const repo = createRepo();
    plantFeature(repo, 'feature-one', { title: 'Served' });
    const child = spawn(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, 'board', '--web'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = (await waitFor(
        'the board page URL on stdout',
        () => /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1],
        60_000,
      )) as string;
      const board = (await (await fetch(`${url}api/board`)).json()) as {
        repository: string;
        columns: Array<{ status: string; cards: Array<{ title: string }> }>;
      };
      expect(board.columns.find((c) => c.status === 'backlog')?.cards.map((c) => c.title)).toEqual(['Served']);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not a number from 1 to 65535, exit code 2', async () => {
    const repo = createRepo();
    try {
      for (const port of ['0', '70000', 'http']) {
        const { stderr } = await runCommand(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, 'board', '--web', '--port', port], {
          cwd: repo,
          expectCode: 2,
        });
        expect(stderr).toContain('--port must be a number from 1 to 65535');
      }
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
