import * as z from 'zod';
import { ConfigError } from './errors.js';

export type Env = Record<string, string | undefined>;

/**
 * Parses environment variables with a zod shape keyed by variable name. Empty strings count as unset.
 * Errors name each offending variable and why, never its value.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: Env): z.infer<z.ZodObject<S>> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(describeEnvIssues(result.error));
}

function describeEnvIssues(error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return missing ? `${name} is not set` : `${name} is malformed (${issue.message})`;
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
