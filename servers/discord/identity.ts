import { createHash, randomBytes } from 'node:crypto';
export { instanceName } from '../../shared/instance.js';

/**
 * Who asks for an approval: the instance (a team's checkout) and the session (this server process, one per
 * Claude Code session). The instance name is the suite's
 * one (shared/instance.ts), the same on PR bodies and blocker issues.
 */
export interface Requester {
  instance: string;
  session: string;
}

export function newSessionId(): string {
  return `ses_${randomBytes(6).toString('base64url')}`;
}

/**
 * The bot a token belongs to, without a network call: a bot token's first part is the bot's user id (= its
 * application id) in base64. A token of another shape gets a stable digest instead, never the token itself.
 */
export function botKey(token: string): string {
  const first = token.split('.')[0] ?? '';
  const decoded = Buffer.from(first, 'base64url').toString('utf8');
  if (/^\d{15,22}$/.test(decoded)) return decoded;
  return `t${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
}
