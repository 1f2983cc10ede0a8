import type { Requester } from '../identity.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';
export type Risk = 'low' | 'medium' | 'high';

/** One approval request as stored on disk (one JSON file each). */
export interface Approval {
  id: string;
  /** The server instance (state directory) that posted it; only that instance handles its clicks. */
  instanceId: string;
  title: string;
  details: string;
  feature?: string;
  risk?: Risk;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  channelId: string;
  /** Who may decide, fixed when the request is made: whichever process handles the click applies this list. */
  approvers: { users: string[]; roles: string[] };
  requester: Requester;
  messageId?: string;
  messageUrl?: string;
  decidedBy?: { id: string; name: string };
  decidedAt?: string;
  reason?: string;
}

export const APPROVAL_ID = /^[A-Za-z0-9_-]{6,40}$/;

export type ButtonAction = 'approve' | 'reject' | 'reason';

/**
 * Button and modal custom ids: `hitl:<instance>:<approval>:<action>` (≤ 100 chars). The instance id lets
 * several machines share one bot without racing on a click: each handles only its own requests.
 */
export function customId(instanceId: string, approvalId: string, action: ButtonAction): string {
  return `hitl:${instanceId}:${approvalId}:${action}`;
}

export function parseCustomId(value: string): { instanceId: string; approvalId: string; action: ButtonAction } | undefined {
  const match = /^hitl:([A-Za-z0-9_-]+):([A-Za-z0-9_-]+):(approve|reject|reason)$/.exec(value);
  if (!match || !APPROVAL_ID.test(match[2] ?? '')) return undefined;
  return { instanceId: match[1] as string, approvalId: match[2] as string, action: match[3] as ButtonAction };
}

/** A user may decide when listed by id, or when holding one of the listed roles. */
export function isApprover(approvers: Approval['approvers'], userId: string, roleIds: Iterable<string>): boolean {
  if (approvers.users.includes(userId)) return true;
  for (const role of roleIds) if (approvers.roles.includes(role)) return true;
  return false;
}

export function isExpired(approval: Approval, now: number): boolean {
  return approval.status === 'pending' && now >= Date.parse(approval.expiresAt);
}
