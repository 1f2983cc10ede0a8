import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  envValue,
  isUnexpanded,
  parseEnv,
  positiveInt,
  strictBoolean,
  unexpandedVariables,
  unsetReason,
  withoutUnexpanded,
} from './env.js';
import { ConfigError } from './errors.js';

const shape = {
  API_TOKEN: z.string().min(10),
  ALLOW_ELEVATED: strictBoolean(false),
  MAX: positiveInt(3, 100),
};

describe('parseEnv', () => {
  it('parses valid values and applies defaults', () => {
    expect(parseEnv(shape, { API_TOKEN: 'abcdefghijkl' })).toEqual({ API_TOKEN: 'abcdefghijkl', ALLOW_ELEVATED: false, MAX: 3 });
    expect(parseEnv(shape, { API_TOKEN: 'abcdefghijkl', ALLOW_ELEVATED: 'true', MAX: '7' })).toMatchObject({
      ALLOW_ELEVATED: true,
      MAX: 7,
    });
  });

  it('names a missing variable', () => {
    expect(() => parseEnv(shape, {})).toThrow(/API_TOKEN is not set/);
    expect(() => parseEnv(shape, { API_TOKEN: '' })).toThrow(ConfigError);
  });

  it('names a malformed variable without echoing its value', () => {
    const secret = 'short-sec';
    try {
      parseEnv(shape, { API_TOKEN: secret });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/API_TOKEN is malformed/);
      expect((error as Error).message).not.toContain(secret);
    }
  });

  it.each(['TRUE', 'yes', '1', 'on', ' true'])('refuses %j as a strict boolean', (value) => {
    expect(() => parseEnv(shape, { API_TOKEN: 'abcdefghijkl', ALLOW_ELEVATED: value })).toThrow(/ALLOW_ELEVATED is malformed/);
  });

  it.each(['0', '-1', '1.5', '07', 'x', '101'])('refuses %j as a positive integer', (value) => {
    expect(() => parseEnv(shape, { API_TOKEN: 'abcdefghijkl', MAX: value })).toThrow(/MAX is malformed/);
  });
});

describe('an unexpanded ${…} value (Claude Code passes an unset variable through literally)', () => {
  it('counts as not set and the error names the variable and says why', () => {
    expect(() => parseEnv(shape, { API_TOKEN: '${API_TOKEN}' })).toThrow(
      'API_TOKEN is the unexpanded text ${API_TOKEN}: set it in the environment Claude Code starts from',
    );
  });

  it('lets an optional variable fall back to its default instead of failing as malformed', () => {
    expect(parseEnv(shape, { API_TOKEN: 'abcdefghijkl', MAX: '${MAX}', ALLOW_ELEVATED: '${ALLOW_ELEVATED:-}' })).toEqual({
      API_TOKEN: 'abcdefghijkl',
      ALLOW_ELEVATED: false,
      MAX: 3,
    });
  });

  it('is recognised inside a longer value too, and only a real reference counts', () => {
    expect(isUnexpanded('https://${HOST}:8006')).toBe(true);
    expect(isUnexpanded('${A:-x}')).toBe(true);
    expect(isUnexpanded('abc$def{}')).toBe(false);
    expect(envValue({ A: '${A}' }, 'A')).toBeUndefined();
    expect(envValue({ A: 'set' }, 'A')).toBe('set');
    expect(unsetReason({}, 'A')).toBe('A is not set');
  });

  it('lists the unexpanded variables among the names given', () => {
    expect(unexpandedVariables({ A: '${A}', B: 'b', C: '${C:-}' }, ['A', 'B', 'C', 'D'])).toEqual(['A', 'C']);
  });
});

describe('withoutUnexpanded', () => {
  it('drops only the unexpanded values', () => {
    expect(withoutUnexpanded({ LOG_FILE: '${LOG_FILE}', LOG_LEVEL: 'debug', EMPTY: '' })).toEqual({ LOG_LEVEL: 'debug', EMPTY: '' });
  });
});
