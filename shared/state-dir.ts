import { homedir } from 'node:os';
import { join } from 'node:path';
import { envValue, type Env } from './env.js';

/** The per-user state directory shared by every server process: PROTOLABS_STATE_DIR, else XDG's state home. */
export function stateDir(env: Env): string {
  const own = envValue(env, 'PROTOLABS_STATE_DIR');
  if (own) return own;
  const base = envValue(env, 'XDG_STATE_HOME') ?? join(envValue(env, 'HOME') ?? homedir(), '.local', 'state');
  return join(base, 'protolabs-mcp');
}
