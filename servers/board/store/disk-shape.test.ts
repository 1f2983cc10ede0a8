import { describe, expect, it } from 'vitest';
import { detectDialect, priorityEvidence, priorityFromDisk, priorityToDisk, statusEvidence, statusToDisk } from './dialect.js';
import { diskShape, inDialect } from './disk-shape.js';
import { featureFromDisk } from './feature.js';

const ID = 'feature-1765000000000-unit00001';

function read(raw: Record<string, unknown>, dialect: 'canonical' | 'automaker' = 'canonical') {
  return inDialect(featureFromDisk(raw, ID), dialect);
}

describe('diskShape', () => {
  it('writes back what the tool did not change exactly as it was, in the file’s key order', () => {
    const raw = { status: 'running', id: ID, title: '', description: 'Do it', category: 'Core', weird: { b: 1, a: 2 } };
    const view = read(raw);
    expect(view).toMatchObject({ status: 'in_progress', appStatus: 'running', title: 'Do it', statusHistory: [] });
    const shape = diskShape({ ...view, summary: 'done so far' }, raw, 'canonical');
    expect(JSON.stringify(shape)).toBe(JSON.stringify({ ...raw, summary: 'done so far' }));
  });

  it('drops a field the tool removed and never writes fields of our views', () => {
    const raw = { id: ID, description: 'x', category: 'Core', status: 'backlog', claimedBy: 'instance-1' };
    const { claimedBy: _gone, ...rest } = read(raw);
    expect(diskShape({ ...rest, appStatus: 'ignored' }, raw, 'canonical')).toEqual({
      id: ID,
      description: 'x',
      category: 'Core',
      status: 'backlog',
    });
  });

  it('keeps a key of the same name the file itself had', () => {
    const raw = { id: ID, description: 'x', category: 'Core', status: 'backlog', appStatus: 'theirs' };
    expect(diskShape(read(raw), raw, 'canonical')).toEqual(raw);
  });

  it('writes a changed status and priority in the board’s dialect', () => {
    const raw = { id: ID, description: 'x', category: 'Core', status: 'backlog', priority: 2 };
    const view = read(raw, 'automaker');
    expect(view.priority).toBe(3);
    const { appStatus: _a, ...moved } = { ...view, status: 'done' as const, priority: 1 };
    expect(diskShape(moved, raw, 'automaker')).toMatchObject({ status: 'verified', priority: 1 });
  });

  it('writes a new feature whole, in the dialect, without view fields', () => {
    const view = read({ id: ID, description: 'x', category: 'Core', status: 'review', priority: 4 });
    expect(diskShape(view, undefined, 'automaker')).toMatchObject({ status: 'waiting_approval', priority: 3, statusHistory: [] });
  });
});

describe('dialects', () => {
  it('a board is upstream only when its statuses say so and none says otherwise; the setting wins', () => {
    expect(detectDialect({ automaker: 0, canonical: 0 })).toBe('canonical');
    expect(detectDialect({ automaker: 3, canonical: 0 })).toBe('automaker');
    expect(detectDialect({ automaker: 3, canonical: 1 })).toBe('canonical');
    expect(detectDialect({ automaker: 0, canonical: 0 }, 'automaker')).toBe('automaker');
    expect(statusEvidence('pipeline_step_x')).toBe('automaker');
    expect(statusEvidence('interrupted')).toBe('canonical');
    expect(statusEvidence('in_progress')).toBeUndefined();
    expect([0, 1, 2, 3, 4].map(priorityEvidence)).toEqual(['canonical', undefined, undefined, undefined, 'canonical']);
  });

  it('maps every status and priority both ways', () => {
    expect(['backlog', 'in_progress', 'review', 'blocked', 'done'].map((s) => statusToDisk(s as never, 'automaker'))).toEqual([
      'backlog',
      'in_progress',
      'waiting_approval',
      'failed',
      'verified',
    ]);
    expect([1, 2, 3].map((p) => priorityFromDisk(p, 'automaker'))).toEqual([2, 3, 4]);
    expect([0, 1, 2, 3, 4].map((p) => priorityToDisk(p, 'automaker'))).toEqual([undefined, 1, 1, 2, 3]);
    expect(priorityToDisk(2, 'canonical')).toBe(2);
  });
});
