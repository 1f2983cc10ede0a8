import * as z from 'zod';
import { ConfigError } from './errors.js';

export type Env = Record<string, string | undefined>;

// Claude Code passes a variable its own environment lacks through as the literal `${NAME}` (only `${NAME:-default}`
// is replaced), so such a value means "not set"; it is never a real token, host or path.
const UNEXPANDED = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}/;

export function isUnexpanded(value: string | undefined): boolean {
  return value !== undefined && UNEXPANDED.test(value);
}

/** A variable's value, or undefined when it is unset, empty or still an unexpanded `${…}`. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' || isUnexpanded(value) ? undefined : value;
}

/** Why a variable counts as unset, naming it (and the unexpanded reference, which is no secret). */
export function unsetReason(env: Env, name: string): string {
  const reference = UNEXPANDED.exec(env[name] ?? '')?.[0];
  return reference
    ? `${name} is the unexpanded text ${reference}: set it in the environment Claude Code starts from`
    : `${name} is not set`;
}

/** The names among `names` whose value is an unexpanded `${…}` (for a start-up warning). */
export function unexpandedVariables(env: Env, names: readonly string[]): string[] {
  return names.filter((name) => isUnexpanded(env[name]));
}

/**
 * Parses environment variables with a zod shape keyed by variable name. Empty strings and unexpanded `${…}` count
 * as unset. Errors name each offending variable and why, never its value.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: Env): z.infer<z.ZodObject<S>> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = envValue(env, key);
    if (value !== undefined) input[key] = value;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(describeEnvIssues(result.error, env));
}

function describeEnvIssues(error: z.ZodError, env: Env): string {
  const problems = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return missing ? unsetReason(env, name) : `${name} is malformed (${issue.message})`;
  });
  return `Configuration error: ${problems.join('; ')}.`;
}

/** A variable that must be exactly `true` or `false` (anything else is an error, not a silent "off"). */
export function strictBoolean(defaultValue: boolean) {
  return z
    .enum(['true', 'false'], { message: 'must be exactly "true" or "false"' })
    .default(defaultValue ? 'true' : 'false')
    .transform((v) => v === 'true');
}

/** A positive integer given as a decimal string, with a default. */
export function positiveInt(defaultValue: number, max = Number.MAX_SAFE_INTEGER) {
  return positiveIntSchema(max).default(defaultValue);
}

/** A positive integer given as a decimal string, or nothing. */
export function optionalPositiveInt(max = Number.MAX_SAFE_INTEGER) {
  return positiveIntSchema(max).optional();
}

function positiveIntSchema(max: number) {
  return z
    .string()
    .regex(/^[1-9][0-9]*$/, { message: 'must be a positive whole number' })
    .transform(Number)
    .refine((n) => n <= max, { message: `must be at most ${max}` });
}

/** The environment without its unexpanded `${…}` values, for readers that take variables as they are (the logger). */
export function withoutUnexpanded(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => !isUnexpanded(value)));
}
