import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, createScrubber } from './logger.js';

describe('logger', () => {
  it('writes JSON lines to LOG_FILE with secret keys redacted and secret values scrubbed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'nested', 'server.log');
    const log = createLogger('test', { LOG_FILE: file }, ['value-of-the-token']);
    log.info({ token: 'abc', headers: { authorization: 'Bearer zzz' }, note: 'got value-of-the-token back' }, 'message value-of-the-token');
    log.flush();
    const line = readFileSync(file, 'utf8');
    expect(JSON.parse(line)).toMatchObject({ name: 'test', token: '[redacted]', headers: { authorization: '[redacted]' } });
    expect(line).not.toContain('value-of-the-token');
    expect(line).not.toContain('zzz');
  });

  it('scrubs every occurrence but ignores values too short to be secrets', () => {
    expect(createScrubber(['abcdefgh'])('x abcdefgh y abcdefgh')).toBe('x [redacted] y [redacted]');
    expect(createScrubber(['abc'])('abc')).toBe('abc');
  });
});

describe('log levels', () => {
  it('takes every level pino knows and silent without a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-levels-'));
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']) {
      const file = join(dir, `${level}.log`);
      const log = createLogger('test', { LOG_FILE: file, LOG_LEVEL: level });
      log.flush();
      expect(readFileSync(file, 'utf8'), level).not.toContain('is not a log level');
      expect(log.level).toBe(level);
    }
  });
});
