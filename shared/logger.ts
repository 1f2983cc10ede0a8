import { openSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';
import type { Env } from './env.js';
import { makeParents } from './make-parents.js';

export type { Logger };

/** Keys whose values never reach a log line, wherever they sit in the logged object. */
const REDACTED_KEYS = ['token', 'password', 'secret', 'authorization', 'cookie', 'tokenValue', 'apiToken'];
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
  const problems: string[] = [];
  let fd = 2;
  if (env.LOG_FILE) {
    const opened = openLogFile(env.LOG_FILE);
    if (typeof opened === 'number') fd = opened;
    else problems.push(`LOG_FILE=${env.LOG_FILE} cannot be written (${opened}); logging to stderr instead`);
  }
  const level = env.LOG_LEVEL ?? 'info';
  const known = [...Object.keys(pino.levels.values), 'silent'];
  if (!known.includes(level)) problems.push(`LOG_LEVEL=${level} is not a log level (use one of ${known.join(', ')}); logging at info`);
  const scrub = createScrubber(secrets);
  const logger = pino(
    {
      name,
      level: known.includes(level) ? level : 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)) as Parameters<typeof method>);
        },
      },
      formatters: {
        log: (obj) => scrubObject(obj, scrub),
      },
    },
    pino.destination({ fd, sync: true }),
  );
  for (const problem of problems) logger.warn(problem);
  return logger;
}

/** Opens LOG_FILE for appending (creating its folder), or says why it cannot: a bad path must not stop the server. */
function openLogFile(file: string): number | string {
  try {
    makeParents(dirname(file));
    return openSync(file, 'a');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
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
