import pino, { type Logger } from 'pino';
import type { Env } from './env.js';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const REDACTED_KEYS = [
  'token',
  'password',
  'secret',
  'authorization',
  'cookie',
  'tokenValue',
  'apiToken',
];
const REDACT_PATHS = [
  ...REDACTED_KEYS,
  ...REDACTED_KEYS.map((k) => `*.${k}`),
  ...REDACTED_KEYS.map((k) => `*.*.${k}`),
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
];

/**
 * The one logger: JSON lines on stderr (fd 2), or appended to LOG_FILE. stdout is the MCP channel and is
 * never written to. `secrets` are literal values scrubbed from every message as a second line of defence.
 */
export function createLogger(name: string, env: Env, secrets: readonly string[] = []): Logger {
  const destination = env.LOG_FILE
    ? pino.destination({ dest: env.LOG_FILE, mkdir: true, sync: true })
    : pino.destination({ fd: 2, sync: true });
  const scrub = createScrubber(secrets);
  return pino(
    {
      name,
      level: env.LOG_LEVEL ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      formatters: {
        log: (obj) => scrubObject(obj, scrub),
      },
    },
    destination,
  );
}

/** Returns a function that replaces every occurrence of the given secrets (ignoring short ones) with `[redacted]`. */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const values = secrets.filter((s) => typeof s === 'string' && s.length >= 6);
  if (values.length === 0) return (text) => text;
  return (text) => values.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

function scrubObject(obj: Record<string, unknown>, scrub: (text: string) => string): Record<string, unknown> {
  const json = JSON.stringify(obj, errorReplacer);
  return json === undefined ? obj : (JSON.parse(scrub(json)) as Record<string, unknown>);
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { type: value.name, message: value.message, stack: value.stack };
  return value;
}
