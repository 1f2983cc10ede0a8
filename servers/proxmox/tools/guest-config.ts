import * as z from 'zod';
import { isUntrusted, labelUntrusted } from '../../../shared/untrusted.js';
import { guestRef } from '../validate.js';
import { REMOTE_READ, guestApi, proxmoxTool, redactConfig } from './common.js';

export const guestConfig = proxmoxTool({
  name: 'guest_config',
  title: 'Guest config',
  description: 'Configuration of one VM or container (passwords redacted).',
  input: z.object(guestRef()).strict(),
  hints: REMOTE_READ,
  tier: 'basic',
  async handler({ node, vmid, type }, ctx) {
    const config = await guestApi(await ctx.deps.api(ctx.signal), node, type, vmid).config.$get();
    const redacted = redactConfig(config);
    const lines = Object.entries(redacted).map(([key, value]) => `${key}: ${isUntrusted(value) ? labelUntrusted(value) : String(value)}`);
    return { data: { vmid, node, type, config: redacted }, text: [`${type} ${vmid} on ${node}:`, ...lines].join('\n') };
  },
});
