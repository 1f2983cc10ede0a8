import type { ServerStart } from '../../shared/start-server.js';
import { loadConfig } from './config.js';
import { createProxmoxServer } from './server.js';

/** How the proxmox server starts (shared/start-server.ts runs it; main.ts is the entry point). */
export const proxmoxStart: ServerStart = {
  name: 'proxmox',
  secrets: (env) => [env.PROXMOX_TOKEN_VALUE ?? ''],
  create({ env, log, scrub }) {
    const loaded = loadConfig(env);
    const { server, cleanup } = createProxmoxServer({ loaded, log, scrub });
    const warnings =
      loaded.config && !loaded.config.verifyTls
        ? ['PROXMOX_VERIFY_TLS=false: TLS certificates of the Proxmox API are NOT verified (this client only)']
        : [];
    return { server, configError: loaded.error, warnings, cleanup };
  },
};
