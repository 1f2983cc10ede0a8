import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { toolContractViolations, toolListSize } from '../../../testing/tool-contract.js';
import { startHarness, type Harness } from './harness.js';
import { listedNames } from '../../../testing/tool-snapshot.js';
import { basicTools, elevatedTools } from '../tools/index.js';

let h: Harness;
let tools: Tool[];
beforeAll(async () => {
  h = await startHarness({ elevated: 'true' });
  tools = (await h.client.listTools()).tools;
});
afterAll(() => h.close());

describe('tools/list with every tier on', () => {
  it('matches the committed snapshot', async () => {
    await expect(JSON.stringify(tools, null, 2)).toMatchFileSnapshot('./__snapshots__/tools.json');
  });

  it('follows the tool contract', () => {
    expect(toolContractViolations(tools)).toEqual([]);
  });

  it('lists every basic and elevated tool of the registry, within the context budget', () => {
    expect(listedNames(tools)).toEqual([...basicTools, ...elevatedTools].map((t) => t.name).sort());
    // 4.7k before the schemas listed every limit the handlers enforce (patterns, lengths, integer ranges): 6.5k.
    expect(toolListSize(tools).tokens).toBeLessThan(6800);
  });

  it('marks read tools read-only and every tool that destroys or stops destructive', () => {
    const byName = new Map(tools.map((t) => [t.name, t.annotations]));
    for (const name of ['node_list', 'guest_list', 'guest_config', 'task_status', 'backup_list']) {
      expect(byName.get(name)?.readOnlyHint, name).toBe(true);
    }
    for (const name of [
      'guest_power',
      'guest_delete',
      'snapshot_rollback',
      'snapshot_delete',
      'backup_delete',
      'backup_restore',
      'disk_remove',
      'disk_move',
      'mountpoint_remove',
      'network_set',
      'network_remove',
    ]) {
      expect(byName.get(name)?.destructiveHint, name).toBe(true);
    }
    for (const tool of tools) expect(tool.annotations?.openWorldHint, tool.name).toBe(true);
  });

  it('accepts no raw property string anywhere (no net0/scsi0-style parameters)', () => {
    const keys = tools.flatMap((t) => Object.keys((t.inputSchema.properties ?? {}) as object));
    expect(keys.filter((k) => /^(net|scsi|virtio|sata|ide|mp|unused)\d+$|^rootfs$|^script$|^dumpdir$|^command$/.test(k))).toEqual([]);
  });
});
