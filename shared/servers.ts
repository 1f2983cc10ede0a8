// The one list of servers: each is a folder `servers/<name>/` with a `main.ts`, bundled to `dist/<name>.js`.
// The build scans that folder; everything else (CLI, init, doctor, demo, tests) reads this list, and
// servers.test.ts checks the two agree.
export const SERVER_NAMES = ['board', 'github', 'discord', 'proxmox'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

export function isServerName(name: string): name is ServerName {
  return (SERVER_NAMES as readonly string[]).includes(name);
}
