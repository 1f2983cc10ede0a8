import { describe, expect, it } from 'vitest';
import type { ProxmoxConfig } from './config.js';
import { upstreamError } from './upstream-error.js';

const config = { host: 'pve.lab.example', port: 8006 } as ProxmoxConfig;
const noNodes = async () => ({ method: 'GET', path: '/api2/json/nodes', status: 0, reason: 'unused' });
const network = (reason: string) => ({ method: 'GET', path: '/api2/json/nodes', status: 0, reason });

describe('upstreamError for TLS failures', () => {
  it('a certificate that does not name the host (the CA is right) says to fix PROXMOX_HOST, not PROXMOX_CA_FILE', async () => {
    const error = await upstreamError(network('ERR_TLS_CERT_ALTNAME_INVALID'), config, noNodes);
    expect(error.message).toBe(
      "The TLS certificate of pve.lab.example:8006 does not name pve.lab.example (ERR_TLS_CERT_ALTNAME_INVALID); set PROXMOX_HOST to a name or address the certificate holds (as in the web UI's URL).",
    );
    expect(error.message).not.toContain('PROXMOX_CA_FILE');
  });

  it('an untrusted certificate still says to set PROXMOX_CA_FILE', async () => {
    const error = await upstreamError(network('SELF_SIGNED_CERT_IN_CHAIN'), config, noNodes);
    expect(error.message).toMatch(/is not trusted .*set PROXMOX_CA_FILE/);
  });
});
