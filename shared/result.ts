import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ToolOutput } from './define-tool.js';
import { ToolError } from './errors.js';
import type { Logger } from './logger.js';

type TextResult = CallToolResult & { content: [{ type: 'text'; text: string }] };

export function toSuccessResult(output: ToolOutput, scrub: (text: string) => string): TextResult {
  const json = scrub(JSON.stringify(output.data));
  return {
    content: [{ type: 'text', text: output.text === undefined ? json : scrub(output.text) }],
    structuredContent: JSON.parse(json) as Record<string, unknown>,
  };
}

/** Typed errors become their own sentence (plus safe details); anything else is logged and summarised. */
export function toErrorResult(error: unknown, tool: string, log: Logger, scrub: (text: string) => string): TextResult {
  if (error instanceof ToolError) {
    log.info({ tool, kind: error.kind, reason: error.message }, 'tool refused');
    const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
    return {
      isError: true,
      content: [{ type: 'text', text: scrub(`${error.message}${details}`) }],
      structuredContent: JSON.parse(
        scrub(JSON.stringify({ error: { kind: error.kind, message: error.message, ...error.details } })),
      ) as Record<string, unknown>,
    };
  }
  if (isAbort(error)) {
    return { isError: true, content: [{ type: 'text', text: `${tool} was cancelled.` }] };
  }
  log.error({ tool, err: error }, 'tool failed unexpectedly');
  return {
    isError: true,
    content: [{ type: 'text', text: `${tool} failed unexpectedly; the server log (stderr or LOG_FILE) has the details.` }],
  };
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'ABORT_ERR');
}
