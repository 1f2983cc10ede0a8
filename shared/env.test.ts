import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { parseEnv, positiveInt, strictBoolean } from './env.js';
import { ConfigError } from './errors.js';

const shape = {
  API_TOKEN: z.string().min(10),
  ALLOW_ELEVATED: strictBoolean(false),
  MAX: positiveInt(3, 100),
};

describe('parseEnv', () => {
  it('parses valid values and applies defaults', () => {
    expect(parseEnv(shape, { API_TOKEN: 'abcdefghijkl' })).toEqual({ API_TOKEN: 'abcdefghijkl', ALLOW_ELEVATED: false, MAX: 3 });
    expect(parseEnv(shape, { API_TOKEN: 'abcdefghijkl', ALLOW_ELEVATED: 'true', MAX: '7' })).toMatchObject({ ALLOW_ELEVATED: true, MAX: 7 });
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
