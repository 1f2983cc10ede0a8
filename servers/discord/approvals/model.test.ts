import { describe, expect, it } from 'vitest';
import { parseApprovers } from '../config.js';
import { customId, isApprover, parseCustomId } from './model.js';

describe('approval custom ids', () => {
  it('round-trips instance, approval and action within Discord’s 100 characters', () => {
    const id = customId('inst_12345678', 'apr_abcdefgh', 'approve');
    expect(id.length).toBeLessThanOrEqual(100);
    expect(parseCustomId(id)).toEqual({ instanceId: 'inst_12345678', approvalId: 'apr_abcdefgh', action: 'approve' });
  });

  it.each(['hitl:a:b', 'hitl:a:../../x:approve', 'other:a:abcdefgh:approve', 'hitl:a:abcdefgh:delete'])('refuses %j', (value) => {
    expect(parseCustomId(value)).toBeUndefined();
  });
});

describe('approvers', () => {
  const parsed = parseApprovers('111111111111111111, role:222222222222222222');
  const approvers = { users: [...parsed.users], roles: [...parsed.roles] };

  it('accepts a listed user and a member holding a listed role', () => {
    expect(isApprover(approvers, '111111111111111111', [])).toBe(true);
    expect(isApprover(approvers, '999999999999999999', ['222222222222222222'])).toBe(true);
  });

  it('refuses anyone else, including a user whose id is a listed role', () => {
    expect(isApprover(approvers, '999999999999999999', ['333333333333333333'])).toBe(false);
    expect(isApprover(approvers, '222222222222222222', [])).toBe(false);
  });
});
