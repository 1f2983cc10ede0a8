/**
 * Typed access to a tool's data for programmatic callers (tests, the demo, the benchmarks): a call whose request
 * `_meta` sets this key to `true` gets the tool's data back under the same key in the result's `_meta`. Claude Code
 * never asks for it, so the model never pays for it; see shared/result.ts for why results carry no
 * `structuredContent`.
 */
export const DATA_KEY = 'protolabs/data';

/** The request `_meta` that asks for the data. */
export const WITH_DATA = { [DATA_KEY]: true } as const;

/** The data of a result obtained with WITH_DATA (an empty object when absent). */
export function dataOf(result: { _meta?: Record<string, unknown> }): Record<string, unknown> {
  const data = result._meta?.[DATA_KEY];
  return data !== null && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}
