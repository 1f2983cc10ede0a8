/** Discord's message limits; text beyond them is truncated, never rejected. */
export const LIMITS = { content: 2000, title: 256, description: 4096, fieldValue: 1024, footer: 2048 } as const;

export type Level = 'info' | 'success' | 'warning' | 'error';

export const LEVEL_COLOR: Record<Level, number> = {
  info: 0x5865f2,
  success: 0x57f287,
  warning: 0xfee75c,
  error: 0xed4245,
};

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** No @everyone, @here, user or role pings unless the caller asked for them. */
export const NO_MENTIONS = { parse: [] as string[] };

/** The `<@id>` / `<@&id>` mentions in a text (pings only fire from a message's content, not from embeds). */
export function mentionsIn(text: string): string[] {
  return [...new Set(text.match(/<@[!&]?\d{15,22}>/g) ?? [])];
}
