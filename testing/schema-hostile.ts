// Checks that a server agrees with the input schemas it publishes, both ways: every value a schema refuses (1.5 for
// an integer, min-1/max+1, one character over maxLength, a string outside its pattern) is refused before any request
// leaves the server, and every boundary value the schema accepts (min, max, maxLength, a matching string) is never
// refused as invalid input. The cases come from the JSON Schema tools/list publishes, not from our zod code, so a
// limit only the handler knows (the model learns it from an error) shows up as a disagreement.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCall } from './mcp-client.js';

interface Property {
  type?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  items?: Property;
  maxItems?: number;
  properties?: Record<string, Property>;
  required?: string[];
}

export interface SchemaCase {
  tool: string;
  field: string;
  value: unknown;
  expect: 'refused' | 'accepted';
  args: Record<string, unknown>;
}

/**
 * Candidate strings for patterned fields, per server (node names, storage ids, volume ids…): the first that matches
 * a field's pattern and length is its valid value. A patterned field no sample matches is reported, not skipped.
 */
export type Samples = readonly string[];

const HOSTILE_STRINGS = ['../x', 'a b', '', ' ', '-x', 'x\ny', '%2e', '!'];

/** A value the property accepts, or undefined when none can be made from the samples. */
export function validValue(p: Property, samples: Samples): unknown {
  if (p.enum) return p.enum[0];
  switch (p.type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return p.minimum ?? 1;
    case 'array': {
      const item = p.items ? validValue(p.items, samples) : 'x';
      return item === undefined ? undefined : [item];
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(p.properties ?? {})) out[key] = validValue(child, samples);
      return out;
    }
    default:
      return [...samples, 'abc', 'a'].find((s) => fits(p, s));
  }
}

function fits(p: Property, s: string): boolean {
  const lengthOk = s.length >= (p.minLength ?? 0) && s.length <= (p.maxLength ?? Infinity);
  return lengthOk && (!p.pattern || new RegExp(p.pattern, 'u').test(s)) && (p.format !== 'uri' || URL.canParse(s));
}

/** The longest value the property accepts, when it can be made: maxLength characters matching the pattern. */
function longestValue(p: Property, samples: Samples): string | undefined {
  if (p.maxLength === undefined) return undefined;
  const candidates = [...samples, 'a', 'ab', 'a1'].flatMap((s) => [
    s.padEnd(p.maxLength as number, s.at(-1) ?? 'a'),
    s.repeat(Math.ceil((p.maxLength as number) / Math.max(s.length, 1))).slice(0, p.maxLength),
  ]);
  return candidates.find((s) => s.length === p.maxLength && fits(p, s));
}

/** Values the property refuses, each with why. */
function refusedValues(p: Property): unknown[] {
  if (p.enum) return ['not-one-of-these'];
  switch (p.type) {
    case 'integer':
      return [1.5, ...(p.minimum !== undefined ? [p.minimum - 1] : []), ...(p.maximum !== undefined ? [p.maximum + 1] : [])];
    case 'number':
      return [...(p.minimum !== undefined ? [p.minimum - 1] : []), ...(p.maximum !== undefined ? [p.maximum + 1] : [])];
    case 'string': {
      const out: unknown[] = [];
      if (p.maxLength !== undefined) out.push('a'.repeat(p.maxLength + 1));
      if (p.pattern) {
        const bad = HOSTILE_STRINGS.find((s) => s.length <= (p.maxLength ?? Infinity) && !new RegExp(p.pattern as string, 'u').test(s));
        if (bad !== undefined) out.push(bad);
      }
      return out;
    }
    default:
      return [];
  }
}

/** The cases for one tool, plus the fields whose limits the schema leaves out or the samples cannot satisfy. */
export function schemaCases(
  tool: Tool,
  samples: Samples,
  given: Record<string, unknown> = {},
): { cases: SchemaCase[]; problems: string[] } {
  const schema = tool.inputSchema as Property;
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const problems: string[] = [];
  const base: Record<string, unknown> = {};
  for (const [field, p] of Object.entries(properties)) {
    if (!required.has(field)) continue;
    const value = validValue(p, samples);
    if (value === undefined) problems.push(`${tool.name}.${field}: no sample matches ${p.pattern ?? 'its limits'}`);
    base[field] = value;
  }
  Object.assign(base, given);
  const cases: SchemaCase[] = [];
  for (const [field, p] of Object.entries(properties)) {
    const add = (label: string, value: unknown, expect: SchemaCase['expect']) =>
      cases.push({ tool: tool.name, field: label, value, expect, args: { ...base, [field]: value } });
    const item = p.type === 'array' ? p.items : undefined;
    if (item?.type === 'object') {
      // An array of objects (inline review comments): each inner field varies inside one otherwise valid item.
      const valid = validValue(item, samples) as Record<string, unknown>;
      for (const [inner, q] of Object.entries(item.properties ?? {})) {
        propertyCases(`${tool.name}.${field}[].${inner}`, q, samples, problems, (v, expect) =>
          add(`${field}[].${inner}`, [{ ...valid, [inner]: v }], expect),
        );
      }
    } else {
      propertyCases(`${tool.name}.${field}`, item ?? p, samples, problems, (v, expect) => add(field, item ? [v] : v, expect));
    }
    if (item && p.maxItems !== undefined) {
      const one = validValue(item, samples);
      if (one !== undefined)
        add(
          field,
          Array.from({ length: p.maxItems + 1 }, () => one),
          'refused',
        );
    }
  }
  return { cases, problems: [...new Set(problems)] };
}

/** The refused and boundary cases of one scalar property (or of an array's items, through `add`). */
function propertyCases(
  name: string,
  p: Property,
  samples: Samples,
  problems: string[],
  add: (value: unknown, expect: SchemaCase['expect']) => void,
): void {
  if (p.type === 'string' && !p.enum && p.maxLength === undefined) problems.push(`${name}: string without maxLength`);
  for (const value of refusedValues(p)) add(value, 'refused');
  // A plain `number` accepts fractions: the server must too, or the schema should say integer.
  if (p.type === 'number') add(1.5, 'accepted');
  if (p.type === 'integer' || p.type === 'number') {
    if (p.minimum !== undefined) add(p.minimum, 'accepted');
    if (p.maximum !== undefined && p.maximum < Number.MAX_SAFE_INTEGER) add(p.maximum, 'accepted');
  }
  if (p.type === 'string' && !p.enum) {
    const valid = validValue(p, samples);
    if (valid === undefined) problems.push(`${name}: no sample matches ${p.pattern}`);
    else add(valid, 'accepted');
    const longest = longestValue(p, samples);
    if (longest !== undefined && !p.pattern) add(longest, 'accepted');
  }
}

/** Whether a result is a refusal of the input itself (the SDK's schema check, or a handler's InputError). */
export function refusedAsInput(result: ToolCall): boolean {
  if (!result.isError) return false;
  const kind = (result.data.error as { kind?: string } | undefined)?.kind;
  return kind === 'input' || /Input validation error|Invalid arguments/i.test(result.text);
}

export interface AgreementOptions {
  call(tool: string, args: Record<string, unknown>): Promise<ToolCall>;
  /** How many requests the fake upstream has recorded so far. */
  requests(): number;
  samples: Samples;
  /** Cases not to run as `accepted` (a tool that would wait on a human, say), with the reason in the caller. */
  skipAccepted?: (c: SchemaCase) => boolean;
  /**
   * Per tool, arguments every case starts from: for rules between fields a JSON Schema does not state (ip and gw
   * only for a container), so that a case varies one field of an otherwise valid call.
   */
  base?: Record<string, Record<string, unknown>>;
}

/** Runs every case of every tool; returns one line per disagreement (empty when server and schemas agree). */
export async function schemaDisagreements(tools: Tool[], options: AgreementOptions): Promise<string[]> {
  const lines: string[] = [];
  for (const tool of tools) {
    const { cases, problems } = schemaCases(tool, options.samples, options.base?.[tool.name]);
    lines.push(...problems);
    for (const c of cases) {
      if (c.expect === 'accepted' && options.skipAccepted?.(c)) continue;
      const before = options.requests();
      const result = await options.call(c.tool, c.args);
      const shown = JSON.stringify(c.value).slice(0, 60);
      if (c.expect === 'refused') {
        if (!result.isError) lines.push(`${c.tool}.${c.field}=${shown}: schema refuses it, server accepted it`);
        else if (options.requests() !== before) lines.push(`${c.tool}.${c.field}=${shown}: refused only after a request went upstream`);
      } else if (refusedAsInput(result) && options.requests() === before) {
        // Only the server's own refusals count: an upstream's answer (a PVE 400 "no such task") is not our schema.
        lines.push(`${c.tool}.${c.field}=${shown}: schema accepts it, server refused it: ${result.text.slice(0, 160)}`);
      }
    }
  }
  return lines;
}
