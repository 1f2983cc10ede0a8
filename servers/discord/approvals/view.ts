import { LEVEL_COLOR, LIMITS, truncate } from '../format.js';
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

/** The #approvals message for a request in its current state: buttons only while pending. */
export function approvalMessage(approval: Approval): { embeds: unknown[]; components: unknown[] } {
  const fields: Array<{ name: string; value: string; inline?: boolean }> = [];
  if (approval.feature) fields.push({ name: 'Feature', value: truncate(approval.feature, LIMITS.fieldValue), inline: true });
  if (approval.risk) fields.push({ name: 'Risk', value: approval.risk, inline: true });
  const expires = Math.floor(Date.parse(approval.expiresAt) / 1000);
  if (approval.status === 'pending') fields.push({ name: 'Expires', value: `<t:${expires}:R>`, inline: true });
  if (approval.decidedBy) fields.push({ name: 'Decided by', value: `<@${approval.decidedBy.id}>`, inline: true });
  if (approval.reason) fields.push({ name: 'Reason', value: truncate(approval.reason, LIMITS.fieldValue) });
  const embed = {
    title: truncate(`${HEADLINE[approval.status]}: ${approval.title}`, LIMITS.title),
    description: truncate(approval.details, LIMITS.description),
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
  return { embeds: [embed], components };
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
