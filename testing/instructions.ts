// Instructions reach the model once per session: they must describe only the tools the server lists.

/** The names among `allTools` that the instructions mention as words. */
export function toolsNamedIn(instructions: string | undefined, allTools: readonly string[]): string[] {
  return allTools.filter((name) => new RegExp(`\\b${name}\\b`).test(instructions ?? ''));
}
