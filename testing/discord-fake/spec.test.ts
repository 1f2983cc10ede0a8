import { describe, expect, it } from 'vitest';
import { specProblem } from './spec.js';

describe('discord fake: request bodies against discord-api-spec', () => {
  it('accepts a message with an embed, buttons and no mentions', () => {
    const body = {
      content: 'ok?',
      embeds: [{ title: 't', description: 'd', color: 1, fields: [{ name: 'a', value: 'b', inline: true }], footer: { text: 'f' } }],
      components: [{ type: 1, components: [{ type: 2, style: 3, label: 'Approve', custom_id: 'x' }] }],
      allowed_mentions: { parse: [] },
      nonce: 'n1',
      enforce_nonce: true,
    };
    expect(specProblem('message-create', body)).toBeUndefined();
  });

  it.each([
    ['message-create', { content: 'x'.repeat(4001) }, /content/],
    ['message-create', { embeds: [{ title: 't'.repeat(257) }] }, /title/],
    ['callback-update', { type: 4 }, /type/],
    ['callback-modal', { type: 9, data: { custom_id: 'a', title: 't'.repeat(46), components: [] } }, /title/],
  ] as const)('refuses what Discord refuses: %s (%#)', (kind, body, where) => {
    expect(specProblem(kind, body)).toMatch(where);
  });

  it('accepts the current modal layout (a label around a text input)', () => {
    const modal = {
      type: 9,
      data: {
        custom_id: 'a',
        title: 'Why',
        components: [{ type: 18, label: 'Reason', component: { type: 4, custom_id: 'reason', style: 2 } }],
      },
    };
    expect(specProblem('callback-modal', modal)).toBeUndefined();
  });
});
