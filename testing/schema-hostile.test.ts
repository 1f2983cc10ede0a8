import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import type { ToolCall } from './mcp-client.js';
import { schemaCases, schemaDisagreements } from './schema-hostile.js';

const tool = (properties: Record<string, unknown>, required: string[] = []): Tool => ({
  name: 't',
  inputSchema: { type: 'object', properties, required } as Tool['inputSchema'],
});

const answer = (isError: boolean, text = ''): ToolCall => ({ isError, text, data: {}, raw: { content: [] } });

describe('schemaCases', () => {
  it('derives 1.5, min-1 and max+1 as refused and min, max as accepted for an integer', () => {
    const { cases } = schemaCases(tool({ n: { type: 'integer', minimum: 100, maximum: 999 } }), []);
    expect(cases.filter((c) => c.expect === 'refused').map((c) => c.value)).toEqual([1.5, 99, 1000]);
    expect(cases.filter((c) => c.expect === 'accepted').map((c) => c.value)).toEqual([100, 999]);
  });

  it('refuses one character over maxLength and a non-matching value; accepts a matching sample', () => {
    const { cases } = schemaCases(tool({ s: { type: 'string', maxLength: 5, pattern: '^[a-z]+$' } }, ['s']), ['AB', 'node']);
    expect(cases.filter((c) => c.expect === 'refused').map((c) => c.value)).toEqual(['aaaaaa', '../x']);
    expect(cases.filter((c) => c.expect === 'accepted').map((c) => c.value)).toEqual(['node']);
  });

  it('varies each field of an array of objects inside one otherwise valid item', () => {
    const item = {
      type: 'object',
      properties: { path: { type: 'string', maxLength: 3 }, line: { type: 'integer', minimum: 1, maximum: 9 } },
    };
    const { cases } = schemaCases(tool({ comments: { type: 'array', items: item } }), []);
    const line = cases.filter((c) => c.field === 'comments[].line' && c.expect === 'refused');
    expect(line.map((c) => c.args.comments)).toEqual([
      [{ path: 'abc', line: 1.5 }],
      [{ path: 'abc', line: 0 }],
      [{ path: 'abc', line: 10 }],
    ]);
  });

  it('reports a string without maxLength and a pattern no sample matches', () => {
    const { problems } = schemaCases(tool({ free: { type: 'string' }, id: { type: 'string', maxLength: 9, pattern: '^#\\d+$' } }, ['id']), [
      'x',
    ]);
    expect(problems).toEqual(['t.id: no sample matches ^#\\d+$', 't.free: string without maxLength']);
  });
});

describe('schemaDisagreements', () => {
  it('names a value the schema refuses that the server accepts, or refuses only after a request went upstream', async () => {
    let requests = 0;
    const lines = await schemaDisagreements([tool({ n: { type: 'integer', minimum: 1, maximum: 2 } })], {
      samples: [],
      requests: () => requests,
      call: async (_name, args) => {
        requests++;
        return answer(args.n === 0, 'refused upstream');
      },
    });
    expect(lines).toContain('t.n=1.5: schema refuses it, server accepted it');
    expect(lines).toContain('t.n=0: refused only after a request went upstream');
  });

  it('names a boundary value the schema accepts that the server refuses as input', async () => {
    const lines = await schemaDisagreements([tool({ n: { type: 'number', minimum: 1 } })], {
      samples: [],
      requests: () => 0,
      call: async (_name, args) =>
        Number.isInteger(args.n) ? answer(args.n === 0) : answer(true, 'Input validation error: must be a whole number'),
    });
    expect(lines).toEqual(['t.n=1.5: schema accepts it, server refused it: Input validation error: must be a whole number']);
  });
});
