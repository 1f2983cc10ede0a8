import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ListToolsRequestSchema,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { AuditLog } from './audit.js';
import type { ToolContext, ToolDefinition } from './define-tool.js';
import { toErrorResult, toSuccessResult } from './result.js';
import type { Logger } from './logger.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

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
  // biome-ignore lint: tools of any input type share one registry
  tools: readonly ToolDefinition<any, Deps>[];
  deps: Deps;
  log: Logger;
  elevated?: ElevatedTier;
  /** Removes known secret values from any text that leaves the server. */
  scrub?: (text: string) => string;
}

/**
 * The one adapter between tool definitions and the MCP SDK: registers the tools of the enabled tiers with
 * their annotations, gates elevated tools twice (not listed, and refused if called anyway), audits elevated
 * calls, maps typed errors to one-sentence `isError` results, and renders structured content plus text.
 */
export function createToolServer<Deps>(options: ToolServerOptions<Deps>): McpServer {
  const { tools, elevated, log } = options;
  const server = new McpServer(
    { name: options.name, version: options.version },
    { ...(options.instructions ? { instructions: options.instructions } : {}), capabilities: { logging: {} } },
  );
  const gated = new Set<string>();
  for (const tool of tools) {
    if (tool.tier === 'elevated' && !elevated?.enabled) {
      gated.add(tool.name);
      continue;
    }
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        annotations: { ...tool.hints },
      },
      (args: unknown, extra: Extra) => runTool(tool, args, extra, options),
    );
  }
  const listed = tools.filter((t) => !gated.has(t.name));
  installListAndGate(server, gated, elevated?.variable, () => precomputedList(options.name, listed));
  return server;
}

/**
 * The build writes each server's tools/list (every tier) beside its bundle, `dist/<server>.tools.json`: converting
 * zod schemas to JSON Schema is most of the first answer's cost. It is served only when it holds every listed tool
 * with the same title and description; otherwise (running from source, a stale file) the SDK converts as usual.
 */
function precomputedList(serverName: string, listed: readonly { name: string; title: string; description: string }[]): unknown[] | undefined {
  let all: Array<{ name: string; title?: string; description?: string }>;
  try {
    all = JSON.parse(readFileSync(new URL(`./${serverName.replace(/^protolabs-/, '')}.tools.json`, import.meta.url), 'utf8'));
  } catch {
    return undefined;
  }
  const byName = new Map(all.map((t) => [t.name, t]));
  const chosen = listed.map((t) => byName.get(t.name));
  const fresh = chosen.every((t, i) => t !== undefined && t.title === listed[i]?.title && t.description === listed[i]?.description);
  return fresh ? chosen : undefined;
}

async function runTool<Deps>(
  // biome-ignore lint: see ToolServerOptions.tools
  tool: ToolDefinition<any, Deps>,
  args: unknown,
  extra: Extra,
  options: ToolServerOptions<Deps>,
): Promise<CallToolResult> {
  const scrub = options.scrub ?? ((text: string) => text);
  const log = options.log.child({ tool: tool.name });
  const auditFields: Record<string, unknown> = {};
  const isElevated = tool.tier === 'elevated';
  if (isElevated && !options.elevated?.enabled) return gateRefusal(tool.name, options.elevated?.variable);
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
  try {
    const output = await tool.handler(args, ctx);
    log.debug({ ms: Math.round(performance.now() - started) }, 'tool ok');
    if (isElevated) writeAudit(options, tool.name, args, 'ok', auditFields);
    return toSuccessResult(output, scrub);
  } catch (error) {
    const result = toErrorResult(error, tool.name, log, scrub);
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

function gateRefusal(name: string, variable = 'the server’s *_ALLOW_ELEVATED variable'): CallToolResult & { content: [{ type: 'text'; text: string }] } {
  return {
    isError: true,
    content: [
      {
        type: 'text',
        text: `${name} is an elevated tool and elevated tools are disabled; set ${variable}=true in this server's environment and restart it to enable them.`,
      },
    ],
  };
}

type RawHandler = (request: unknown, extra: unknown) => Promise<Record<string, unknown>>;

/**
 * Wraps the SDK's own tools/list and tools/call handlers. The list drops the per-tool `$schema` and `execution`
 * keys (tokens the model pays for on every turn, carrying nothing). A call sees the raw arguments first: a
 * `__proto__`, `constructor` or `prototype` key anywhere is refused (the SDK's parsing would silently drop it), and a
 * call to a gated elevated tool gets a refusal that says how to enable it instead of "tool not found".
 */
function installListAndGate(
  server: McpServer,
  gated: ReadonlySet<string>,
  variable: string | undefined,
  precomputed: () => unknown[] | undefined,
): void {
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, RawHandler> })._requestHandlers;
  const list = handlers.get('tools/list');
  const call = handlers.get('tools/call');
  if (!list || !call) return; // no tools registered at all
  let ready: unknown[] | undefined;
  let looked = false;
  server.server.setRequestHandler(ListToolsRequestSchema, async (request, extra) => {
    if (!looked) {
      looked = true;
      ready = precomputed();
    }
    if (ready) return { tools: ready } as never;
    const result = (await list(request, extra)) as { tools: Array<Record<string, unknown>> };
    for (const tool of result.tools) {
      delete tool.execution;
      const schema = tool.inputSchema as Record<string, unknown> | undefined;
      if (schema) delete schema.$schema;
    }
    return result as never;
  });
  // Registered raw (not through setRequestHandler, which would parse the request first and lose the keys).
  handlers.set('tools/call', async (request, extra) => {
    const params = (request as { params?: { name?: unknown; arguments?: unknown } }).params;
    const name = typeof params?.name === 'string' ? params.name : '';
    const forbidden = findForbiddenKey(params?.arguments);
    if (forbidden) return refusal(`Refused: the argument key "${forbidden}" is not allowed.`) as never;
    if (gated.has(name)) return gateRefusal(name, variable) as never;
    return call(request, extra);
  });
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
