import type { ButtonInteraction, Interaction, ModalSubmitInteraction } from 'discord.js';
import type { Approvers } from '../config.js';
import { isApprover, parseCustomId, type Approval } from './model.js';
import { decide, refreshMessage, settle, type ApprovalContext } from './service.js';
import { approvalMessage, reasonModal } from './view.js';

export interface InteractionContext extends ApprovalContext {
  instanceId: string;
  approvers: Approvers;
}

const EPHEMERAL = 64;

/**
 * Handles one button click or modal submit on an approval message, in the process holding the gateway.
 * Order matters: claim the interaction (one acknowledgement across processes), check the request's state,
 * check who clicked, record the decision under the lock, then update the message and strip its buttons.
 */
export async function handleInteraction(interaction: Interaction, ctx: InteractionContext): Promise<void> {
  if (!interaction.isButton() && !interaction.isModalSubmit()) return;
  const parsed = parseCustomId(interaction.customId);
  // Another instance's request (a second machine on the same bot): that instance answers it.
  if (!parsed || parsed.instanceId !== ctx.instanceId) return;
  if (!(await ctx.store.claimInteraction(interaction.id))) return;
  const reply = (content: string) => interaction.reply({ content, flags: EPHEMERAL, allowedMentions: { parse: [] } });

  const stored = await ctx.store.get(parsed.approvalId);
  if (!stored) {
    await reply('This approval request is unknown to its server (its state directory may have been removed).');
    return;
  }
  const approval = await settle(stored, ctx);
  if (approval.status !== 'pending') {
    await reply(closedReply(approval));
    return;
  }
  if (!isApprover(ctx.approvers, interaction.user.id, memberRoles(interaction))) {
    ctx.log.info({ id: approval.id, user: interaction.user.id }, 'refused a click from a non-approver');
    await reply('You are not an approver for this request; it stays pending.');
    return;
  }
  if (interaction.isButton() && parsed.action === 'reject') {
    await interaction.showModal(reasonModal(approval) as never);
    return;
  }
  const by = { id: interaction.user.id, name: interaction.user.globalName ?? interaction.user.username };
  let decision: Parameters<typeof decide>[1];
  if (interaction.isButton() && parsed.action === 'approve') decision = { status: 'approved', by };
  else if (interaction.isModalSubmit() && parsed.action === 'reason') {
    decision = { status: 'rejected', by, reason: interaction.fields.getTextInputValue('reason').trim() };
  } else return;
  const result = await decide(approval.id, decision, ctx);
  if (!result.decided) {
    // Lost a race: another decision (or the expiry) landed between the check above and the lock.
    await reply(closedReply(await settle(result.approval, ctx)));
    return;
  }
  ctx.log.info({ id: approval.id, status: result.approval.status, by: by.id }, 'approval decided');
  const view = approvalMessage(result.approval) as never;
  if (interaction.isButton() || interaction.isFromMessage()) await interaction.update(view);
  else {
    await reply(`Recorded: ${result.approval.status}.`);
    await refreshMessage(result.approval, ctx);
  }
}

function closedReply(approval: Approval): string {
  return approval.status === 'expired'
    ? 'This request expired before a decision.'
    : `Already ${approval.status} by ${approval.decidedBy?.name ?? 'someone'}.`;
}

/** Role ids of the clicking member, whether discord.js resolved a full GuildMember or kept the raw API member. */
function memberRoles(interaction: ButtonInteraction | ModalSubmitInteraction): string[] {
  const member = interaction.member;
  if (!member) return [];
  if (Array.isArray(member.roles)) return member.roles;
  const raw = (member as unknown as { _roles?: string[] })._roles;
  return raw ?? [...member.roles.cache.keys()];
}
