import * as z from 'zod';
import { InputError } from '../../../shared/errors.js';
import { followTask } from '../tasks.js';
import { field, parseUpid } from '../validate.js';
import { REMOTE_READ, proxmoxTool } from './common.js';

export const taskStatus = proxmoxTool({
  name: 'task_status',
  title: 'Task status',
  description: 'Task status by UPID; a failed task returns its log tail.',
  input: z.object({ upid: field.upid(), node: field.node().optional(), wait: field.wait() }).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ upid, node, wait }, ctx) {
    if (node && parseUpid(upid)?.node !== node) throw new InputError('node does not match the node named in the UPID.');
    return followTask(ctx, upid, wait ?? false);
  },
});
