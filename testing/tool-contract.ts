import type { Tool } from '@modelcontextprotocol/sdk/types.js';

const NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
/** The one tool named by a single verb (the discord server's `notify`); every other tool is noun_verb. */
const SINGLE_WORD_NAMES = new Set(['notify']);
const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/**
 * The rules every listed tool follows: noun_verb names, a title, all four annotation hints, strict schemas with
 * every field described. Returns one line per violation, so a failing test says exactly which tool broke which rule.
 */
export function toolContractViolations(tools: Tool[]): string[] {
  const problems: string[] = [];
  for (const tool of tools) {
    const where = `tool ${tool.name}`;
    if (!NAME.test(tool.name) && !SINGLE_WORD_NAMES.has(tool.name)) problems.push(`${where}: name is not noun_verb snake_case`);
    if (!tool.title) problems.push(`${where}: no title`);
    if (!tool.description) problems.push(`${where}: no description`);
    if ((tool.description ?? '').length > 1024) problems.push(`${where}: description over 1,024 characters`);
    for (const hint of HINTS) {
      if (typeof tool.annotations?.[hint] !== 'boolean') problems.push(`${where}: annotation ${hint} missing`);
    }
    if (tool.annotations?.readOnlyHint && tool.annotations.destructiveHint) {
      problems.push(`${where}: read-only and destructive at once`);
    }
    const schema = tool.inputSchema as Record<string, unknown>;
    if (schema.type !== 'object') problems.push(`${where}: input schema is not an object`);
    for (const union of ['anyOf', 'oneOf', 'allOf']) {
      if (union in schema) problems.push(`${where}: root-level ${union}`);
    }
    if (schema.additionalProperties !== false) problems.push(`${where}: input schema is not strict`);
    const properties = (schema.properties ?? {}) as Record<string, { description?: string }>;
    for (const [key, property] of Object.entries(properties)) {
      if (!/^[a-z][a-zA-Z0-9_]{0,63}$/.test(key)) problems.push(`${where}: property ${key} has a bad name`);
      if (!property.description) problems.push(`${where}: property ${key} has no description`);
    }
  }
  return problems;
}

/** Bytes and a rough token estimate (bytes ÷ 4) of what tools/list puts into Claude's context. */
export function toolListSize(tools: Tool[]): { bytes: number; tokens: number } {
  const bytes = Buffer.byteLength(JSON.stringify(tools));
  return { bytes, tokens: Math.round(bytes / 4) };
}
