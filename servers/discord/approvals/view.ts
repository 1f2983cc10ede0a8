import { agentText, LEVEL_COLOR, LIMITS, NO_MENTIONS, truncate } from '../format.js';
import { customId, type Approval } from './model.js';

const HEADLINE: Record<Approval['status'], string> = {
  pending: 'Approval requested',
  approved: '✅ Approved',
  rejected: '❌ Rejected',
  expired: '⌛ Expired',
};

const COLOR: Record<Approval['status'], number> = {
  pending: LEVEL_COLOR.info,
  approved: LEVEL_COLOR.success,
  rejected: LEVEL_COLOR.error,
  expired: 0x99aab5,
};

/** The shown form of the agent's details (escaped); `cut` says Discord's 4,096-character limit cut it. */
export function shownDetails(approval: Approval): { text: string; cut: boolean } {
  const escaped = agentText(approval.details);
  const text = truncate(escaped, LIMITS.description);
  return { text, cut: text !== escaped };
}

/**
 * The #approvals message for a request in its current state: the essentials as plain text (embeds are hidden
 * without Embed Links or with link previews off), the full view as an embed, buttons only while pending. All
 * agent-written text is escaped; only the server writes status lines.
 */
export function approvalMessage(approval: Approval): Record<string, unknown> {
  const title = agentText(approval.title);
  const fields: Array<{ name: string; value: string; inline?: boolean }> = [];
  if (approval.feature) fields.push({ name: 'Feature', value: truncate(agentText(approval.feature), LIMITS.fieldValue), inline: true });
  if (approval.risk) fields.push({ name: 'Risk', value: approval.risk, inline: true });
  fields.push({ name: 'Requested by', value: truncate(requesterLine(approval), LIMITS.fieldValue), inline: true });
  const expires = Math.floor(Date.parse(approval.expiresAt) / 1000);
  if (approval.status === 'pending') fields.push({ name: 'Expires', value: `<t:${expires}:R>`, inline: true });
  if (approval.decidedBy) fields.push({ name: 'Decided by', value: `<@${approval.decidedBy.id}>`, inline: true });
  if (approval.reason) fields.push({ name: 'Reason', value: truncate(agentText(approval.reason), LIMITS.fieldValue) });
  const embed = {
    title: truncate(`${HEADLINE[approval.status]}: ${title}`, LIMITS.title),
    description: shownDetails(approval).text,
    color: COLOR[approval.status],
    fields,
    footer: { text: `id ${approval.id}` },
  };
  const components =
    approval.status === 'pending'
      ? [
          {
            type: 1,
            components: [
              { type: 2, style: 3, label: 'Approve', custom_id: customId(approval.instanceId, approval.id, 'approve') },
              { type: 2, style: 4, label: 'Reject', custom_id: customId(approval.instanceId, approval.id, 'reject') },
            ],
          },
        ]
      : [];
  return { content: plainText(approval, title, expires), embeds: [embed], components, allowed_mentions: NO_MENTIONS };
}

function requesterLine(approval: Approval): string {
  return `${agentText(approval.requester.instance)} (session ${approval.requester.session})`;
}

/** The essentials without the embed: status line (the server's), title, who asked, and what to do or what was decided. */
function plainText(approval: Approval, title: string, expires: number): string {
  const status =
    approval.status === 'pending'
      ? `**Approval requested** · expires <t:${expires}:R>`
      : approval.status === 'expired'
        ? '**⌛ Expired** without a decision'
        : `**${HEADLINE[approval.status]}** by <@${approval.decidedBy?.id ?? '0'}>`;
  const lines = [
    status,
    `**Request:** ${title}`,
    `**From:** ${requesterLine(approval)}${approval.risk ? ` · **Risk:** ${approval.risk}` : ''}${approval.feature ? ` · **Feature:** ${agentText(approval.feature)}` : ''}`,
  ];
  if (approval.reason) lines.push(`**Reason:** ${agentText(approval.reason)}`);
  if (approval.status === 'pending') lines.push('Approvers: use the buttons below (details in the card).');
  lines.push(`-# id ${approval.id}`);
  return truncate(lines.join('\n'), LIMITS.content);
}

/** The modal a Reject click opens, asking for a reason. */
export function reasonModal(approval: Approval): Record<string, unknown> {
  return {
    custom_id: customId(approval.instanceId, approval.id, 'reason'),
    title: truncate(`Reject: ${approval.title}`, 45),
    components: [
      {
        type: 18,
        label: 'Reason',
        component: { type: 4, custom_id: 'reason', style: 2, required: true, min_length: 1, max_length: 1000 },
      },
    ],
  };
}
