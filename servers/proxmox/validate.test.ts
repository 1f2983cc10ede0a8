import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { guardPath } from './client.js';
import {
  BRIDGE,
  HOSTNAME,
  LXC_MOUNTPOINT,
  MAC,
  NET,
  NODE,
  PATH_SEGMENT,
  QEMU_DISK,
  RESIZE,
  SNAPNAME,
  STORAGE,
  UNUSED_DISK,
  field,
  isMountPath,
  isReservedSnapname,
  parseUpid,
  parseBackupVolid,
  parseVolid,
} from './validate.js';

const UPID_OK = 'UPID:pve:000039C6:1FE23176:619510B1:qmconfig:113:terraform-prov@pve:';
const UPID_TOKEN = 'UPID:pve-01:00001001:00007007:6B08EE42:qmstart:101:mcp@pve!mcp:';

const cases: Array<[string, RegExp | ((v: string) => boolean), string[], string[]]> = [
  [
    'node',
    NODE,
    ['pve', 'pve-01', 'PVE2', 'a'.repeat(63)],
    [
      '',
      '..',
      '.',
      '-pve',
      'pve-',
      'pve_1',
      'pve.lan',
      'ｐｖｅ',
      'a'.repeat(64),
      'pve/../x',
      'pve%2F',
      'pve?x=1',
      'pve#',
      'pve\\..',
      'pve\r\nX: 1',
      'pve\t',
      'pve ',
    ],
  ],
  [
    'storage',
    STORAGE,
    ['local', 'local-lvm', 'nfs.backup', 'ceph_pool1'],
    ['..', 'l', '-local', 'local-', 'local ', 'local/../x', 'local?content=iso', '1local', '.x', 'a'.repeat(101)],
  ],
  [
    'snapname',
    SNAPNAME,
    ['pre_upgrade-2', 'ab', `S${'x'.repeat(39)}`],
    ['a', '1snap', '-x', 'snap name', 's#x', `S${'x'.repeat(40)}`, '..', 'snap.1'],
  ],
  [
    'qemu disk',
    QEMU_DISK,
    ['scsi0', 'scsi30', 'virtio15', 'sata5', 'ide3', 'efidisk0', 'tpmstate0'],
    ['scsi31', 'virtio16', 'ide4', 'sata6', 'scsi01', 'efidisk1', 'rootfs', 'scsi0,discard=on', 'unused0', 'mp0'],
  ],
  ['unused disk', UNUSED_DISK, ['unused0', 'unused255'], ['unused256', 'unused01', 'unused']],
  ['mount point', LXC_MOUNTPOINT, ['mp0', 'mp255'], ['mp256', 'mp', 'mp01', 'rootfs', 'mp0,ro=1']],
  ['net', NET, ['net0', 'net31'], ['net32', 'net01', 'net-1', 'net', 'eth0']],
  ['bridge', BRIDGE, ['vmbr0', 'vmbr0.100', 'br_lan'], ['vmbr0,firewall=0', '..', '.x', 'a'.repeat(16), 'vmbr0 ', '', '0br']],
  [
    'mac',
    MAC,
    ['BC:24:11:00:00:01', 'bc:24:11:aa:bb:cc'],
    ['01:00:5E:00:00:01', 'BC:24:11:00:00:01,bridge=vmbr9', 'BC-24-11-00-00-01', 'BC:24:11:00:00'],
  ],
  ['resize', RESIZE, ['+10G', '64G', '1.5T', '+512M'], ['100', '+10', '10,import-from=/etc/pve/priv/authkey.key', '-1G', '10GB', '', '+']],
  ['hostname', HOSTNAME, ['web', 'web-1.lab.example'], ['-web', 'web_1', 'web..lab', 'a b', 'web,x=1']],
  ['mount path', isMountPath, ['/data', '/srv/app-1/cache'], ['data', '/data/../etc', '/./x', '/a,ro=1', '/a=b', '/a b', '//x']],
  [
    'path segment',
    PATH_SEGMENT,
    ['pve', '100', UPID_OK, 'local-lvm'],
    ['', '.', '..', 'a/b', 'a\\b', 'a?b', 'a#b', 'a%2Fb', 'a b', 'a\nb', 'a\u0000b'],
  ],
];

describe('allow-list patterns', () => {
  for (const [name, check, good, bad] of cases) {
    const test = typeof check === 'function' ? check : (v: string) => check.test(v);
    it(`accepts good ${name} values`, () => {
      expect(good.filter((v) => !test(v))).toEqual([]);
    });
    it(`refuses hostile ${name} values`, () => {
      expect(bad.filter((v) => test(v))).toEqual([]);
    });
  }
});

describe('field schemas', () => {
  const vmid = field.vmid();
  it('takes vmids only as JSON integers from 100 to 999999999', () => {
    for (const ok of [100, 999_999_999, 4242]) expect(vmid.safeParse(ok).success).toBe(true);
    for (const bad of ['100', '100abc', '0100', '1e3', 99, 1_000_000_000, -100, 100.5, null, '100/../101', Number.NaN]) {
      expect(vmid.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it('reserves for creation only the snapshot names PVE reserves per guest type', () => {
    for (const [type, name] of [
      ['qemu', 'current'],
      ['lxc', 'current'],
      ['qemu', 'pending'],
      ['qemu', 'PENDING'],
      ['lxc', 'vzdump'],
    ] as const) {
      expect(isReservedSnapname(type, name), `${type} ${name}`).toBe(true);
    }
    for (const [type, name] of [
      ['qemu', 'Current'],
      ['qemu', 'vzdump'],
      ['lxc', 'Pending'],
      ['lxc', 'VZDUMP'],
      ['qemu', 'nightly'],
    ] as const) {
      expect(isReservedSnapname(type, name), `${type} ${name}`).toBe(false);
    }
    // Existing snapshots of any valid name can be named (rolled back to, deleted).
    for (const name of ['current', 'Pending', 'vzdump']) expect(field.snapname().safeParse(name).success).toBe(true);
  });

  it('refuses text with control characters or over 1024 characters', () => {
    const text = field.text('x');
    expect(text.safeParse('one line').success).toBe(true);
    for (const bad of ['a\nb', 'a\u0000', 'x'.repeat(1025), 'a\u2028b']) expect(text.safeParse(bad).success).toBe(false);
  });

  it('never echoes the refused value in its message', () => {
    const result = z.object({ node: field.node() }).safeParse({ node: 'evil\u0000value' });
    expect(JSON.stringify(result.error?.issues)).not.toContain('evil');
  });
});

describe('parseUpid', () => {
  it('reads node, type, id and user from a UPID, including a token user', () => {
    expect(parseUpid(UPID_OK)).toEqual({ node: 'pve', type: 'qmconfig', id: '113', user: 'terraform-prov@pve' });
    expect(parseUpid(UPID_TOKEN)?.user).toBe('mcp@pve!mcp');
  });

  it('refuses wrong field widths, missing colons and path characters', () => {
    for (const bad of [
      UPID_OK.slice(0, -1),
      'UPID:pve:39C6:1FE23176:619510B1:qmconfig:113:root@pam:',
      'UPID:pve:000039C6:1FE23176:619510B1:qmconfig:1/3:root@pam:',
      'UPID:pve:000039C6:1FE23176:619510B1:qmconfig:1 3:root@pam:',
      'UPID:../..:000039C6:1FE23176:619510B1:qmconfig:113:root@pam:',
      'UPID:pve:000039C6:1FE23176:619510B1:qmconfig:113:root:',
    ]) {
      expect(parseUpid(bad), bad).toBeUndefined();
    }
  });
});

describe('parseUpid as PVE writes task ids', () => {
  it('accepts imgdel ids and every user PVE accepts', () => {
    expect(parseUpid('UPID:pve:000039C6:1FE23176:619510B1:imgdel:100@local:root@pam:')).toMatchObject({
      type: 'imgdel',
      id: '100@local',
      user: 'root@pam',
    });
    expect(parseUpid('UPID:pve:000039C6:1FE23176:619510B1:qmstart:100:ci+bot@pve!tok:')).toMatchObject({ user: 'ci+bot@pve!tok' });
    expect(parseUpid('UPID:pve:000039C6:1FE23176:619510B1:qmstart:100:alice@example.com@oidc!tok:')).toMatchObject({
      user: 'alice@example.com@oidc!tok',
    });
  });
});

describe('parseBackupVolid', () => {
  it('accepts directory archives (spaces and parentheses too) and PBS snapshots', () => {
    expect(parseBackupVolid('pbs:backup/vm/100/2026-01-02T00:00:00Z')).toEqual({ storage: 'pbs', name: 'vm/100/2026-01-02T00:00:00Z' });
    expect(parseBackupVolid('local:backup/vzdump-qemu-100 (copy).vma.zst')?.name).toBe('vzdump-qemu-100 (copy).vma.zst');
  });

  it('refuses dot segments, empty segments, control characters, backslashes, % and other content', () => {
    for (const bad of [
      'pbs:backup/vm/../x',
      'pbs:backup/vm//100',
      'pbs:backup/./x',
      'local:backup/..',
      'local:backup/a\u0000b',
      'local:backup/a\\b',
      'local:backup/a%2Fb',
      'local:iso/x.iso',
      'local:backup/',
      'local:backup/ x',
    ]) {
      expect(parseBackupVolid(bad), bad).toBeUndefined();
    }
  });
});

describe('parseVolid', () => {
  it('splits storage, content and file', () => {
    expect(parseVolid('local:backup/vzdump-qemu-100-2026_01_01-00_00_00.vma.zst')).toEqual({
      storage: 'local',
      content: 'backup',
      file: 'vzdump-qemu-100-2026_01_01-00_00_00.vma.zst',
    });
  });

  it('refuses traversal, encoded slashes, raw paths and other content types', () => {
    for (const bad of [
      'local:backup/../../etc/passwd',
      'local:backup/x%2F..%2Fy',
      '/var/lib/vz/dump/x.vma',
      'local:images/vm-100-disk-0',
      'local:backup/.hidden',
      'local:backup/a/b',
      'local:backup/x..y',
    ]) {
      expect(parseVolid(bad), bad).toBeUndefined();
    }
  });
});

describe('guardPath (the request-layer guard)', () => {
  it('passes validated segments through', () => {
    expect(() => guardPath('/api2/json/nodes/pve/qemu/100/status/start', '/api2/json/nodes/*/qemu/*/status/start')).not.toThrow();
    expect(() =>
      guardPath(
        `/api2/json/nodes/pve/storage/local/content/${encodeURIComponent('local:backup/vzdump-qemu-100.vma.zst')}`,
        '/api2/json/nodes/*/storage/*/content/*',
      ),
    ).not.toThrow();
    expect(() =>
      guardPath(
        `/api2/json/nodes/pve/tasks/${encodeURIComponent('UPID:pve:000039C6:1FE23176:619510B1:imgdel:100@local:ci+bot@pve!t:')}/status`,
        '/api2/json/nodes/*/tasks/*/status',
      ),
    ).not.toThrow();
    // Not encoded as the tools encode it: refused.
    expect(() =>
      guardPath('/api2/json/nodes/pve/storage/local/content/local:backup%2Fx.vma', '/api2/json/nodes/*/storage/*/content/*'),
    ).toThrow();
  });

  it('refuses any segment that would change the path', () => {
    for (const [path, template] of [
      ['/api2/json/nodes/../qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/%2e%2e/qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve%2Fqemu/qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve?x=1/qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve#/qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve\\../qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes//qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve /qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve/x/qemu', '/api2/json/nodes/*/qemu'],
      ['/api2/json/nodes/pve/storage/local/content/local:backup%2F..%2F..%2Fx', '/api2/json/nodes/*/storage/*/content/*'],
      ['/api2/json/nodes/pve/storage/local/content/local:backup%2F%252e', '/api2/json/nodes/*/storage/*/content/*'],
    ] as const) {
      expect(() => guardPath(path, template), path).toThrow(/nothing was sent/);
    }
  });
});
