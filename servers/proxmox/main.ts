import { createLogger } from '../../shared/logger.js';
import { runStdio } from '../../shared/run-stdio.js';
import { loadConfig } from './config.js';
import { createProxmoxServer } from './server.js';

const loaded = loadConfig(process.env);
const log = createLogger('proxmox', process.env, loaded.secrets);
// Start anyway: tools/list works without configuration, and every call returns this same error.
if (loaded.error) log.error(loaded.error.message);
if (loaded.config && !loaded.config.verifyTls) {
  log.warn('PROXMOX_VERIFY_TLS=false: TLS certificates of the Proxmox API are NOT verified (this client only)');
}
const { server, cleanup } = createProxmoxServer({ loaded, log });
await runStdio(server, { log, cleanup });
