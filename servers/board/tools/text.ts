/**
 * Single-line text: what may reach a one-line view (a title, a label, a reason). Control characters (C0, DEL, C1 —
 * the ESC of every terminal sequence among them), line and paragraph separators and bidi overrides can forge lines
 * or drive a terminal, so input refuses them and text from disk has them replaced before any view shows it.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_LINE_GLOBAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** The same, but newlines and tabs are kept (multi-line text such as a description or a log). */
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_TEXT_GLOBAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

export function hasUnsafeLineCharacter(text: string): boolean {
  return UNSAFE_IN_LINE.test(text);
}

/** One line, safe to print anywhere: each unsafe character becomes U+FFFD, and the result is cut at `max`. */
export function safeLine(text: string, max = 200): string {
  const clean = text.replace(UNSAFE_IN_LINE_GLOBAL, '\uFFFD');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Multi-line text with every control character but newline and tab replaced. */
export function safeText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT_GLOBAL, '\uFFFD');
}
