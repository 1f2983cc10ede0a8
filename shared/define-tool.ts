import type * as z from 'zod';
import type { Logger } from './logger.js';

export type Tier = 'basic' | 'elevated';

/** All four MCP annotation hints, always explicit (the spec's defaults are the unsafe ones). */
export interface ToolHints {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** What a handler gets besides its validated arguments. */
export interface ToolContext<Deps> {
  deps: Deps;
  signal: AbortSignal;
  log: Logger;
  /** Sends `notifications/progress` when the client asked for progress; a no-op otherwise. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** Adds fields (e.g. a task UPID) to this call's audit record; ignored for basic tools. */
  audit(fields: Record<string, unknown>): void;
}

/**
 * A tool's answer. `text` (default: compact JSON of `data`) is all the model reads, in every client (shared/result.ts
 * says why): design it as the view. `data` is for programmatic callers that ask for it (shared/tool-data.ts).
 */
export interface ToolOutput {
  data: Record<string, unknown>;
  text?: string;
}

export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject, Deps = unknown> {
  /** `noun_verb` snake_case; Claude Code shows it as `mcp__<server>__<name>`. */
  name: string;
  title: string;
  description: string;
  /** A strict zod object; every field `.describe()`d. */
  input: Input;
  hints: ToolHints;
  tier: Tier;
  handler(args: z.infer<Input>, ctx: ToolContext<Deps>): Promise<ToolOutput>;
}

/** Typed identity: infers the handler's argument type from the input schema. */
export function defineTool<Input extends z.ZodObject, Deps>(definition: ToolDefinition<Input, Deps>): ToolDefinition<Input, Deps> {
  return definition;
}

/** Annotation presets for the common kinds of tool. */
export const READ: ToolHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
export const WRITE: ToolHints = { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false };
export const DESTRUCTIVE: ToolHints = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false };
