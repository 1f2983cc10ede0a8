import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { looseCommitTree, looseTreeEntries } from './loose-objects.js';
import { type TestRepo, makeRepo } from './test-repo.js';

let repo: TestRepo;
afterEach(() => repo?.cleanup());

const objectPath = (id: string) => join(repo.root, '.git', 'objects', id.slice(0, 2), id.slice(2));
const rev = (name: string) => repo.git(['rev-parse', name]).trim();

describe('git objects read from .git/objects', () => {
  it('gives a commit’s tree and a tree’s entries as git does (modes, odd names, folders, symlinks)', () => {
    repo = makeRepo({ 'README.md': '# r\n', 'src/a.txt': 'a\n', 'name with spaces é.txt': 'x\n' });
    repo.git(['update-index', '--add', '--cacheinfo', `120000,${repo.git(['hash-object', '-w', '--stdin'], repo.root).trim()},link`]);
    repo.git(['commit', '-q', '-m', 'a symlink']);
    const tree = rev('HEAD^{tree}');
    expect(looseCommitTree(join(repo.root, '.git'), rev('HEAD'))).toBe(tree);
    const entries = looseTreeEntries(join(repo.root, '.git'), tree);
    const listed = repo
      .git(['ls-tree', '-z', 'HEAD'])
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta = '', name = ''] = line.split('\t');
        const [mode = '', , id = ''] = meta.split(' ');
        return [name, { mode: mode.replace(/^0/, ''), id }] as const;
      });
    expect([...(entries ?? [])].sort()).toEqual(listed.sort());
    expect(entries?.get('src')?.mode).toBe('40000');
    expect(entries?.get('link')?.mode).toBe('120000');
  });

  it('says nothing (git is asked) for packed objects, other types, malformed files and ids that are not ids', () => {
    repo = makeRepo();
    const commonDir = join(repo.root, '.git');
    const [commit, tree, blob] = [rev('HEAD'), rev('HEAD^{tree}'), rev('HEAD:README.md')];
    expect(looseTreeEntries(commonDir, commit)).toBeUndefined(); // a commit is not a tree
    expect(looseCommitTree(commonDir, tree)).toBeUndefined();
    expect(looseTreeEntries(commonDir, blob)).toBeUndefined();
    expect(looseCommitTree(commonDir, '../../etc/passwd')).toBeUndefined();
    expect(looseTreeEntries(commonDir, 'HEAD')).toBeUndefined();
    repo.git(['repack', '-a', '-d', '-q']);
    repo.git(['prune-packed']);
    expect(looseCommitTree(commonDir, commit)).toBeUndefined();
    expect(looseTreeEntries(commonDir, tree)).toBeUndefined();
    repo.commit({ 'b.txt': 'b\n' }, 'loose again');
    const head = rev('HEAD');
    expect(looseCommitTree(commonDir, head)).toBe(rev('HEAD^{tree}'));
    rmSync(objectPath(head)); // git writes objects read-only
    writeFileSync(objectPath(head), 'not zlib');
    expect(looseCommitTree(commonDir, head)).toBeUndefined();
  });
});
