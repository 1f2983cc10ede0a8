/**
 * Text written by people or remote systems (PR comments, Discord messages, task logs) is data, never
 * instructions: it is truncated and travels in a field labelled untrusted.
 */
export interface UntrustedText {
  untrusted: true;
  text: string;
  truncated?: true;
}

export function untrusted(text: string, maxChars = 2000): UntrustedText {
  if (text.length <= maxChars) return { untrusted: true, text };
  return { untrusted: true, text: `${text.slice(0, maxChars)}…`, truncated: true };
}

/** Keeps the last `maxLines` lines (and at most `maxChars` characters) of a log. */
export function tail(text: string, maxLines = 80, maxChars = 6000): string {
  const lines = text.split('\n');
  let out = lines.slice(-maxLines).join('\n');
  if (out.length > maxChars) out = `…${out.slice(-maxChars)}`;
  return out;
}

/**
 * Outside text inside a tool's text view: truncated, JSON-quoted (so a newline or a heading in it cannot pose as
 * a line of the view) and labelled, e.g. `untrusted "Fix the thing"`.
 */
export function untrustedLabel(text: string | null | undefined, maxChars = 300): string {
  const value = text ?? '';
  return `untrusted ${JSON.stringify(value.length > maxChars ? `${value.slice(0, maxChars)}…` : value)}`;
}

/** The label of text `untrusted()` has cut already (its `…` kept, no second cut). */
export function labelUntrusted(value: Pick<UntrustedText, 'text'>): string {
  return untrustedLabel(value.text, Number.POSITIVE_INFINITY);
}

export function isUntrusted(value: unknown): value is UntrustedText {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as UntrustedText).untrusted === true &&
    typeof (value as UntrustedText).text === 'string'
  );
}
