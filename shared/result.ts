import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolOutput } from './define-tool.js';
import { ToolError } from './errors.js';
import type { Logger } from './logger.js';
import { DATA_KEY } from './tool-data.js';

/**
 * Why results carry one text and no `structuredContent`: Claude Code, the client this suite serves, forwards to the
 * model `JSON.stringify(structuredContent)` whenever a result has it and drops the text; other clients show the text.
 * One designed text therefore reaches the model in every client: compact, the next step included, outside text
 * labelled untrusted (shared/untrusted.ts). The whole suite chose this over a compact `structuredContent` with an
 * `outputSchema`, because prose with ids and next steps is shorter than self-describing JSON for the same facts, and
 * one rendering per tool is simpler to review than two. Callers that want the typed data ask for it (tool-data.ts).
 */
type TextResult = CallToolResult & { content: [{ type: 'text'; text: string }] };

export function toSuccessResult(output: ToolOutput, scrub: (text: string) => string, withData: boolean): TextResult {
  const json = scrub(JSON.stringify(output.data));
  return {
    content: [{ type: 'text', text: output.text === undefined ? json : scrub(output.text) }],
    ...(withData ? { _meta: { [DATA_KEY]: JSON.parse(json) as Record<string, unknown> } } : {}),
  };
}

/** Typed errors become their own sentence (plus safe details); anything else is logged and summarised. `log` already names the tool. */
export function toErrorResult(error: unknown, tool: string, log: Logger, scrub: (text: string) => string, withData: boolean): TextResult {
  if (error instanceof ToolError) {
    log.info({ kind: error.kind, reason: error.message }, 'tool refused');
    const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
    const data = { error: { kind: error.kind, message: error.message, ...error.details } };
    return {
      isError: true,
      content: [{ type: 'text', text: scrub(`${error.message}${details}`) }],
      ...(withData ? { _meta: { [DATA_KEY]: JSON.parse(scrub(JSON.stringify(data))) as Record<string, unknown> } } : {}),
    };
  }
  if (isAbort(error)) {
    return { isError: true, content: [{ type: 'text', text: `${tool} was cancelled.` }] };
  }
  log.error({ err: error }, 'tool failed unexpectedly');
  return {
    isError: true,
    content: [{ type: 'text', text: `${tool} failed unexpectedly; the server log (stderr or LOG_FILE) has the details.` }],
  };
}

/** An input that failed the tool's schema: a result the model can correct itself from (not a protocol error). */
export function toInvalidArgumentsResult(
  tool: string,
  issues: ReadonlyArray<{ message: string; path: ReadonlyArray<PropertyKey> }>,
): TextResult {
  const lines = issues.map((i) => (i.path.length ? `${i.message} at ${i.path.map(String).join('.')}` : i.message));
  return {
    isError: true,
    content: [{ type: 'text', text: `Input validation error: Invalid arguments for tool ${tool}: ${lines.join('\n')}` }],
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR');
}
