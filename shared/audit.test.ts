import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from './audit.js';

const record = { time: '2026-12-02T08:00:00.000Z', tool: 'guest_delete', args: { vmid: 101 }, outcome: 'ok' as const };

describe('AuditLog', () => {
  it('creates its folders (0700) and appends one JSON line per record (0600)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-')), 'a', 'b', 'audit.jsonl');
    const log = new AuditLog(file);
    log.append(record);
    log.append({ ...record, outcome: 'error', error: 'refused' });
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).outcome),
    ).toEqual(['ok', 'error']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o777).toBe(0o700);
  });

  it("throws at once for a folder that cannot be made (Node's recursive mkdir spins forever under /proc)", () => {
    expect(() => new AuditLog('/proc/protolabs-cannot-create/audit.jsonl').append(record)).toThrow(/ENOENT/);
  });
});
