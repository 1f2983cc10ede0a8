import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from './env.js';

/** The per-user state directory shared by every server process: PROTOLABS_STATE_DIR, else XDG's state home. */
export function stateDir(env: Env): string {
  if (env.PROTOLABS_STATE_DIR) return env.PROTOLABS_STATE_DIR;
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state');
  return join(base, 'protolabs-mcp');
}
