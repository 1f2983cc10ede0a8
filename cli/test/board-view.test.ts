import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../testing/mcp-client.js';
import { runCommand } from '../../testing/run-command.js';
import { waitFor } from '../../testing/wait-for.js';
import { createRepo, startBoard } from '../../servers/board/test/harness.js';

const run = (args: string[], cwd: string, expectCode = 0) =>
  runCommand(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, ...args], { cwd, expectCode });

describe('protolabs-mcp board', () => {
  it('prints the board of the current repository as plain columns when piped, and as JSON with --json', async () => {
    const repo = createRepo();
    const board = await startBoard(repo);
    await board.call('feature_create', {
      features: [
        { title: 'First', priority: 1 },
        { title: 'Second', dependencies: ['First'] },
      ],
    });
    await board.close();
    const plain = await run(['board', '--print'], repo);
    expect(plain.stdout).toMatch(/^BACKLOG \(2\) +│ IN PROGRESS \(0\)/);
    expect(plain.stdout).toContain('Ready queue (1)');
    expect(plain.stdout).toMatch(/Second: waits on First \(backlog\)/);
    expect(plain.stdout).not.toContain('\u001b[');
    const json = JSON.parse((await run(['board', '--json'], repo)).stdout);
    expect(json).toMatchObject({ counts: { backlog: 2 }, readyTotal: 1 });
    expect(json.features).toHaveLength(2);
  });

  it('redraws the board with --watch until stopped', async () => {
    const repo = createRepo();
    const board = await startBoard(repo);
    await board.call('feature_create', { features: [{ title: 'Watched' }] });
    await board.close();
    const child = spawn(process.execPath, [`${PROJECT_ROOT}dist/cli.js`, 'board', '--watch'], { cwd: repo });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const frames = () => out.split('BACKLOG (1)').length - 1;
    await waitFor('two frames of the watched board', () => frames() >= 2);
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    expect(frames()).toBeGreaterThanOrEqual(2);
    expect(out).toContain('1. ');
  });

  it('says so, exit code 1, outside a git repository', async () => {
    const outside = await run(['board', '--print'], '/', 1);
    expect(outside.stderr).toMatch(/not inside a git working tree/);
  });
});
