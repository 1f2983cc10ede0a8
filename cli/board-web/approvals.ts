import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ApprovalStore } from '../../servers/discord/approvals/store.js';
import { isExpired } from '../../servers/discord/approvals/model.js';
import { safeLine } from '../../servers/board/tools/text.js';
import type { CardApproval } from './cards.js';

const STATUSES: readonly string[] = ['pending', 'approved', 'rejected', 'expired'];
/** Decided approvals stay on their card this long, so a watcher sees the decision land. */
const DECIDED_SHOWN_MS = 24 * 3_600_000;

/**
 * The approvals the discord server recorded, by feature id: `<state>/discord/<bot>/approvals/*.json` (one folder
 * per bot). Read-only: the files are the discord server's.
 */
export async function readApprovalsByFeature(stateDir: string, now: number): Promise<Map<string, CardApproval[]>> {
  const byFeature = new Map<string, CardApproval[]>();
  for (const dir of await approvalStoreDirs(stateDir)) {
    for (const approval of await new ApprovalStore(dir).list().catch(() => [])) {
      if (!approval.feature) continue;
      const status = isExpired(approval, now) ? 'expired' : STATUSES.includes(approval.status) ? approval.status : 'unknown';
      if (status !== 'pending' && now - Date.parse(approval.decidedAt ?? approval.createdAt) > DECIDED_SHOWN_MS) continue;
      const url = approval.messageUrl && /^https:\/\/[^\s]+$/.test(approval.messageUrl) ? safeLine(approval.messageUrl, 300) : undefined;
      const list = byFeature.get(approval.feature) ?? [];
      list.push({
        id: safeLine(approval.id, 40),
        title: safeLine(approval.title, 200),
        status,
        ...(approval.risk ? { risk: safeLine(approval.risk, 10) } : {}),
        ...(url ? { url } : {}),
      });
      byFeature.set(approval.feature, list);
    }
  }
  return byFeature;
}

/** The folders to watch for approval changes: the discord folder (a new bot) and each bot's approvals. */
export async function approvalWatchDirs(stateDir: string): Promise<string[]> {
  return [join(stateDir, 'discord'), ...(await approvalStoreDirs(stateDir)).map((dir) => join(dir, 'approvals'))];
}

async function approvalStoreDirs(stateDir: string): Promise<string[]> {
  const discord = join(stateDir, 'discord');
  const names = await readdir(discord, { withFileTypes: true }).catch(() => []);
  return names.filter((entry) => entry.isDirectory()).map((entry) => join(discord, entry.name));
}
