import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestParamsSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import * as z from 'zod';
import type { AuditLog } from './audit.js';
import type { ToolContext, ToolDefinition } from './define-tool.js';
import type { Logger } from './logger.js';
import { toErrorResult, toInvalidArgumentsResult, toSuccessResult } from './result.js';
import { DATA_KEY } from './tool-data.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
// biome-ignore lint/suspicious/noExplicitAny: tools of any input type share one registry
type AnyTool<Deps> = ToolDefinition<any, Deps>;

export interface ElevatedTier {
  /** Whether elevated tools are listed and callable. */
  enabled: boolean;
  /** The environment variable that enables them, named in the refusal. */
  variable: string;
  /** Where every elevated call is recorded. */
  audit?: AuditLog;
}

export interface ToolServerOptions<Deps> {
  name: string;
  version: string;
  instructions?: string;
  tools: readonly AnyTool<Deps>[];
  deps: Deps;
  log: Logger;
  elevated?: ElevatedTier;
  /** Removes known secret values from any text that leaves the server. */
  scrub?: (text: string) => string;
}

/**
 * tools/call as it arrives: the SDK's own request schema would drop `__proto__`-like keys from the arguments before
 * any handler saw them, so the adapter reads the params raw, checks them, then parses them with the SDK's schema.
 */
const RawCallToolRequest = z.object({ method: z.literal('tools/call'), params: z.unknown() });

/**
 * The one adapter between tool definitions and the MCP SDK (public API only): lists the tools of the enabled tiers
 * with their annotations, answers an unknown or disabled tool with the specification's JSON-RPC error, validates
 * arguments, audits elevated calls, maps typed errors to one-sentence `isError` results and renders the tool's
 * text (shared/result.ts).
 */
export function createToolServer<Deps>(options: ToolServerOptions<Deps>): McpServer {
  const { tools, elevated } = options;
  const server = new McpServer(
    { name: options.name, version: options.version },
    { ...(options.instructions ? { instructions: options.instructions } : {}), capabilities: { logging: {}, tools: {} } },
  );
  const gated = new Set(tools.filter((t) => t.tier === 'elevated' && !elevated?.enabled).map((t) => t.name));
  const callable = new Map(tools.filter((t) => !gated.has(t.name)).map((t) => [t.name, t]));
  let listed: Tool[] | undefined;
  server.server.setRequestHandler(ListToolsRequestSchema, () => {
    listed ??= [...callable.values()].map(describeTool);
    return { tools: listed };
  });
  server.server.setRequestHandler(RawCallToolRequest, async (request, extra) => {
    const forbidden = findForbiddenKey((request.params as { arguments?: unknown } | undefined)?.arguments);
    if (forbidden) return refusal(`Refused: the argument key "${forbidden}" is not allowed.`);
    const params = CallToolRequestParamsSchema.parse(request.params);
    const tool = callable.get(params.name);
    if (!tool) throw unknownTool(params.name, gated.has(params.name) ? elevated?.variable : undefined);
    const parsed = await tool.input.safeParseAsync(params.arguments ?? {});
    if (!parsed.success) return toInvalidArgumentsResult(tool.name, parsed.error.issues);
    return runTool(tool, parsed.data, extra, options, params._meta?.[DATA_KEY] === true);
  });
  return server;
}

/** What tools/list shows the model on every turn: no `$schema` key (tokens that carry nothing). */
function describeTool<Deps>(tool: AnyTool<Deps>): Tool {
  const { $schema: _, ...inputSchema } = z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: inputSchema as Tool['inputSchema'],
    annotations: { ...tool.hints },
  };
}

/** The specification's answer to a tool the server does not list; a gated elevated tool also says how to enable it. */
function unknownTool(name: string, gateVariable: string | undefined): McpError {
  const why = gateVariable
    ? ` ${name} is an elevated tool and elevated tools are disabled; set ${gateVariable}=true in this server's environment and restart it to enable them.`
    : '';
  return new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}.${why}`);
}

async function runTool<Deps>(
  tool: AnyTool<Deps>,
  args: unknown,
  extra: Extra,
  options: ToolServerOptions<Deps>,
  withData: boolean,
): Promise<CallToolResult> {
  const scrub = options.scrub ?? ((text: string) => text);
  const log = options.log.child({ tool: tool.name });
  const auditFields: Record<string, unknown> = {};
  const ctx: ToolContext<Deps> = {
    deps: options.deps,
    signal: extra.signal,
    log,
    audit: (fields) => Object.assign(auditFields, fields),
    progress: async (progress, total, message) => {
      const progressToken = extra._meta?.progressToken;
      if (progressToken === undefined) return;
      await extra.sendNotification({
        method: 'notifications/progress',
        params: { progressToken, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) },
      });
    },
  };
  const started = performance.now();
  const isElevated = tool.tier === 'elevated';
  try {
    const output = await tool.handler(args, ctx);
    log.debug({ ms: Math.round(performance.now() - started) }, 'tool ok');
    if (isElevated) writeAudit(options, tool.name, args, 'ok', auditFields);
    return toSuccessResult(output, scrub, withData);
  } catch (error) {
    const result = toErrorResult(error, tool.name, log, scrub, withData);
    if (isElevated) writeAudit(options, tool.name, args, 'error', { ...auditFields, error: result.content[0]?.text });
    return result;
  }
}

function writeAudit<Deps>(
  options: ToolServerOptions<Deps>,
  tool: string,
  args: unknown,
  outcome: 'ok' | 'error',
  fields: Record<string, unknown>,
): void {
  const audit = options.elevated?.audit;
  if (!audit) return;
  const scrub = options.scrub ?? ((text: string) => text);
  try {
    const safeArgs = JSON.parse(scrub(JSON.stringify(args ?? {}))) as unknown;
    audit.append({ time: new Date().toISOString(), tool, args: safeArgs, outcome, ...fields });
  } catch (error) {
    options.log.error({ err: error, tool }, 'could not write the audit log');
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function findForbiddenKey(value: unknown, depth = 0): string | undefined {
  if (depth > 20 || value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = findForbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

function refusal(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}
