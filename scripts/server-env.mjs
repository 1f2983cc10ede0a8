// Environments that start each server with every tier on and credentials that point nowhere: listing tools must
// not need the network. Used by the benchmark.
export const LIST_ENV = {
  board: {},
  github: {
    GITHUB_TOKEN: 'ghp_listlistlistlistlistlistlistlist',
    GITHUB_REPOSITORY: 'list/list',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_ALLOW_ELEVATED: 'true',
  },
  discord: {
    DISCORD_TOKEN: 'list.list.list-list-list-list',
    DISCORD_CHANNEL_DEV: '100000000000000001',
    DISCORD_CHANNEL_ALERTS: '100000000000000002',
    DISCORD_CHANNEL_APPROVALS: '100000000000000003',
    DISCORD_APPROVERS: '100000000000000004',
    DISCORD_API_URL: 'http://127.0.0.1:9',
  },
  proxmox: {
    PROXMOX_HOST: '127.0.0.1',
    PROXMOX_PORT: '9',
    PROXMOX_USER: 'list@pve',
    PROXMOX_TOKEN_NAME: 'list',
    PROXMOX_TOKEN_VALUE: '00000000-0000-0000-0000-000000000000',
    PROXMOX_ALLOW_ELEVATED: 'true',
  },
};
