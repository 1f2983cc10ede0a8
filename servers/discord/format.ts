/** Discord's message limits; text beyond them is truncated (and said to be), never rejected. */
export const LIMITS = { content: 2000, title: 256, description: 4096, fieldValue: 1024, footer: 2048 } as const;

export type Level = 'info' | 'success' | 'warning' | 'error';

export const LEVEL_COLOR: Record<Level, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Cuts `text` to at most `max` UTF-16 units (what Discord's limits count, conservatively) on a grapheme boundary,
 * so an emoji or an accented letter is never split into an invalid half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = '';
  for (const { segment } of graphemes.segment(text)) {
    if (kept.length + segment.length > max - 1) break;
    kept += segment;
  }
  return `${kept}…`;
}

/** No @everyone, @here, user or role pings unless the caller asked for them. */
export const NO_MENTIONS = { parse: [] as string[] };

/** The `<@id>` / `<@&id>` mentions in a text (pings only fire from a message's content, not from embeds). */
export function mentionsIn(text: string): string[] {
  return [...new Set(text.match(/<@[!&]?\d{15,22}>/g) ?? [])];
}

/** The marks the server's own status lines start with; agent text may not show them. */
const STATUS_MARKS = /[✅❌⌛✔☑✓✗✘❎⏳]\uFE0F?/gu;

/**
 * Agent-written text made inert for display: markdown that could forge structure (headings, quotes, masked links,
 * subtext, mentions, timestamps) is escaped, and the server's status marks are removed, so a request cannot show
 * a fake "✅ Approved by …" line or a link whose text lies about its target.
 */
export function agentText(text: string): string {
  return text.replace(STATUS_MARKS, '').replace(/[\\*_~`|>#\-[\]()<@:]/g, '\\$&');
}
