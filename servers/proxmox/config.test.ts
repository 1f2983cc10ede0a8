import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const SECRET = '0f3c6a5e-1d2b-4c3d-9e8f-a1b2c3d4e5f6';
const valid = {
  PROXMOX_HOST: 'pve.lab.example',
  PROXMOX_USER: 'mcp@pve',
  PROXMOX_TOKEN_NAME: 'mcp',
  PROXMOX_TOKEN_VALUE: SECRET,
};

describe('loadConfig', () => {
  it('parses a complete environment with port 8006 and TLS verification by default', () => {
    const { config, error, allowElevated } = loadConfig({ ...valid, PROTOLABS_STATE_DIR: '/state' });
    expect(error).toBeUndefined();
    expect(config).toMatchObject({
      host: 'pve.lab.example',
      port: 8006,
      verifyTls: true,
      allowElevated: false,
      auditLog: '/state/proxmox-audit.jsonl',
    });
    expect(allowElevated).toBe(false);
  });

  it.each(['PROXMOX_HOST', 'PROXMOX_USER', 'PROXMOX_TOKEN_NAME', 'PROXMOX_TOKEN_VALUE'])('names %s when it is missing or empty', (name) => {
    for (const value of [undefined, '']) {
      const { config, error } = loadConfig({ ...valid, [name]: value });
      expect(config).toBeUndefined();
      expect(error?.message).toContain(`${name} is not set`);
    }
  });

  it.each([
    ['PROXMOX_HOST', 'https://pve:8006/x'],
    ['PROXMOX_HOST', 'pve:8006'],
    ['PROXMOX_HOST', 'pve/api'],
    ['PROXMOX_USER', 'root'],
    ['PROXMOX_USER', 'root@pam!token'],
    ['PROXMOX_TOKEN_NAME', 'my token'],
    ['PROXMOX_TOKEN_VALUE', 'not-a-uuid-secret-value'],
    ['PROXMOX_PORT', '8006x'],
    ['PROXMOX_PORT', '70000'],
    ['PROXMOX_VERIFY_TLS', 'no'],
  ])('refuses a malformed %s without echoing the value', (name, value) => {
    const { error } = loadConfig({ ...valid, [name]: value });
    expect(error?.message).toContain(`${name} is malformed`);
    expect(error?.message).not.toContain(value);
    expect(error?.message).not.toContain(SECRET);
  });

  it.each(['TRUE', '1', ' true', 'yes', 'on', 'false '])(
    'treats PROXMOX_ALLOW_ELEVATED=%j as a configuration error with the tier off',
    (value) => {
      const { error, allowElevated } = loadConfig({ ...valid, PROXMOX_ALLOW_ELEVATED: value });
      expect(allowElevated).toBe(false);
      expect(error?.message).toContain('PROXMOX_ALLOW_ELEVATED is malformed');
    },
  );

  it('enables the elevated tier only for exactly "true"', () => {
    expect(loadConfig({ ...valid, PROXMOX_ALLOW_ELEVATED: 'true' }).allowElevated).toBe(true);
    expect(loadConfig({ ...valid, PROXMOX_ALLOW_ELEVATED: 'false' }).allowElevated).toBe(false);
  });

  it('refuses an unreadable CA file and the CA file combined with PROXMOX_VERIFY_TLS=false', () => {
    expect(loadConfig({ ...valid, PROXMOX_CA_FILE: '/nonexistent/ca.pem' }).error?.message).toMatch(
      /PROXMOX_CA_FILE is not a readable file/,
    );
    const ca = join(mkdtempSync(join(tmpdir(), 'ca-')), 'ca.pem');
    writeFileSync(ca, 'x');
    expect(loadConfig({ ...valid, PROXMOX_CA_FILE: ca }).config?.caFile).toBe(ca);
    expect(loadConfig({ ...valid, PROXMOX_CA_FILE: ca, PROXMOX_VERIFY_TLS: 'false' }).error?.message).toMatch(/not both/);
  });

  it('reports the token value as the one secret to scrub', () => {
    expect(loadConfig(valid).secrets).toEqual([SECRET]);
  });
  it('refuses an IPv6 host with a zone id at start-up (it cannot travel in an https URL)', () => {
    const { config, error } = loadConfig({ ...valid, PROXMOX_HOST: 'fe80::1%eth0' });
    expect(config).toBeUndefined();
    expect(error?.message).toContain('PROXMOX_HOST');
    expect(loadConfig({ ...valid, PROXMOX_HOST: 'fe80::1' }).config?.host).toBe('fe80::1');
  });

  it('accepts every user name PVE accepts (ci+bot@pve, alice@example.com@oidc) and still refuses malformed ones', () => {
    for (const user of ['ci+bot@pve', 'alice@example.com@oidc', 'root@pam'])
      expect(loadConfig({ ...valid, PROXMOX_USER: user }).config?.user, user).toBe(user);
    for (const user of ['alice', 'a b@pve', 'a:b@pve', 'a/b@pve', 'tok!x@pve', 'alice@1realm', `${'a'.repeat(64)}@pve`]) {
      expect(loadConfig({ ...valid, PROXMOX_USER: user }).error?.message, user).toContain('PROXMOX_USER');
    }
  });
});

describe('an unexpanded ${…} value', () => {
  it.each(['PROXMOX_HOST', 'PROXMOX_TOKEN_VALUE'])('names %s as the unexpanded text, never scrubbing or using it', (name) => {
    const { config, error, secrets } = loadConfig({ ...valid, [name]: `\${${name}}` });
    expect(config).toBeUndefined();
    expect(error?.message).toContain(`${name} is the unexpanded text \${${name}}: set it in the environment Claude Code starts from`);
    expect(secrets).not.toContain(`\${${name}}`);
  });

  it('falls back to the default audit log and keeps elevated tools off', () => {
    const loaded = loadConfig({
      ...valid,
      PROTOLABS_STATE_DIR: '/state',
      PROXMOX_AUDIT_LOG: '${PROXMOX_AUDIT_LOG}',
      PROXMOX_ALLOW_ELEVATED: '${PROXMOX_ALLOW_ELEVATED:-}',
      PROXMOX_CA_FILE: '${PROXMOX_CA_FILE}',
    });
    expect(loaded.error).toBeUndefined();
    expect(loaded.auditLog).toBe('/state/proxmox-audit.jsonl');
    expect(loaded.allowElevated).toBe(false);
  });
});
