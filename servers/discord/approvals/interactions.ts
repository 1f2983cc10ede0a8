import type { DiscordRest } from '../rest.js';
import { isApprover, isExpired, parseCustomId, type Approval } from './model.js';
import { decide, markExpired, refreshMessage, type ApprovalContext } from './service.js';
import { approvalMessage, reasonModal } from './view.js';

/** The fields of a gateway INTERACTION_CREATE this server reads (Discord's API shape, not a discord.js object). */
export interface RawInteraction {
  id: string;
  token: string;
  application_id: string;
  /** 3 message component, 5 modal submit. */
  type: number;
  data?: {
    custom_id?: string;
    components?: Array<{ component?: { custom_id?: string; value?: string }; components?: Array<{ custom_id?: string; value?: string }> }>;
  };
  member?: { user?: DiscordUser; roles?: string[] };
  user?: DiscordUser;
}

interface DiscordUser {
  id: string;
  username: string;
  global_name?: string | null;
}

export interface InteractionContext extends ApprovalContext {
  rest: DiscordRest;
  instanceId: string;
}

const EPHEMERAL = 64;
const DEFERRED_UPDATE = 6;

/**
 * Handles one button click or modal submit on an approval message, in the process holding the gateway.
 * Discord accepts one acknowledgement within 3 s, so the order is: claim the interaction (one acknowledgement
 * across processes), answer refusals at once, acknowledge a decision with a deferred update BEFORE recording it
 * (a click that cannot be acknowledged leaves the request pending and decidable), record it under the lock, then
 * edit the message. The approver list is the request's own, whoever handles the click.
 */
export async function handleInteraction(interaction: RawInteraction, ctx: InteractionContext): Promise<void> {
  if (interaction.type !== 3 && interaction.type !== 5) return;
  const parsed = parseCustomId(interaction.data?.custom_id ?? '');
  // Another instance's request (a second machine on the same bot): that instance answers it.
  if (!parsed || parsed.instanceId !== ctx.instanceId) return;
  if (!(await ctx.store.claimInteraction(interaction.id))) return;
  const respond = (body: unknown) => ctx.rest.interactionCallback(interaction.id, interaction.token, body);
  const reply = (content: string) => respond({ type: 4, data: { content, flags: EPHEMERAL, allowed_mentions: { parse: [] } } });

  const approval = await ctx.store.get(parsed.approvalId);
  if (!approval) {
    await reply('This approval request is unknown to its server (its state directory may have been removed).');
    return;
  }
  if (approval.status !== 'pending' || isExpired(approval, ctx.now())) {
    // Answer first (the deadline runs), then record the expiry and edit the message.
    await reply(closedReply(approval, ctx.now()));
    const expired = await markExpired(approval, ctx);
    if (expired.changed) await refreshMessage(expired.approval, ctx);
    return;
  }
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return;
  if (!isApprover(approval.approvers, user.id, interaction.member?.roles ?? [])) {
    ctx.log.info({ id: approval.id, user: user.id }, 'refused a click from a non-approver');
    await reply('You are not an approver for this request; it stays pending.');
    return;
  }
  if (interaction.type === 3 && parsed.action === 'reject') {
    await respond({ type: 9, data: reasonModal(approval) });
    return;
  }
  const by = { id: user.id, name: user.global_name ?? user.username };
  let decision: Parameters<typeof decide>[1];
  if (interaction.type === 3 && parsed.action === 'approve') decision = { status: 'approved', by };
  else if (interaction.type === 5 && parsed.action === 'reason') {
    const reason = modalValue(interaction, 'reason').trim();
    if (!reason) {
      await reply('A reason is needed to reject; the request stays pending.');
      return;
    }
    decision = { status: 'rejected', by, reason };
  } else return;

  try {
    await respond({ type: DEFERRED_UPDATE });
  } catch (error) {
    ctx.log.warn(
      { err: error, id: approval.id, user: user.id },
      'Discord refused the acknowledgement (late click); the request stays pending',
    );
    return;
  }
  const result = await decide(approval.id, decision, ctx);
  if (!result.decided) {
    // Lost a race: another decision (or the expiry) landed between the check above and the lock.
    await ctx.rest.followUpEphemeral(interaction.application_id, interaction.token, closedReply(result.approval, ctx.now()));
    return;
  }
  ctx.log.info({ id: approval.id, status: result.approval.status, by: by.id }, 'approval decided');
  try {
    await ctx.rest.editInteractionMessage(interaction.application_id, interaction.token, approvalMessage(result.approval));
  } catch (error) {
    ctx.log.warn({ err: error, id: approval.id }, 'could not edit through the interaction; editing the message directly');
    await refreshMessage(result.approval, ctx);
  }
}

function closedReply(approval: Approval, now: number): string {
  return approval.status === 'expired' || isExpired(approval, now)
    ? 'This request expired before a decision.'
    : `Already ${approval.status} by ${approval.decidedBy?.name ?? 'someone'}.`;
}

/** A text input's value from a modal submit (current layout: label → component; legacy: action row → components). */
function modalValue(interaction: RawInteraction, customId: string): string {
  for (const row of interaction.data?.components ?? []) {
    for (const input of [row.component, ...(row.components ?? [])]) {
      if (input?.custom_id === customId) return input.value ?? '';
    }
  }
  return '';
}
