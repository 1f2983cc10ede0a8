// A PVE error answer (status, reason phrase, optional per-parameter errors) and PVE's property-string syntax, as
// route handlers need them. Parameter checks live in pve-schema.ts.

export class FakeError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly errors?: Record<string, string>,
  ) {
    super(reason);
  }
}

/** Parses a PVE property string (`virtio=MAC,bridge=vmbr0`); the first bare value belongs to `defaultKey`. */
export function parsePropertyString(value: string, defaultKey: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [index, part] of value.split(',').entries()) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (index !== 0 || part === '') return undefined;
      out[defaultKey] = part;
    } else {
      const key = part.slice(0, eq);
      if (!/^[a-z][a-z0-9_-]*$/.test(key) || key in out) return undefined;
      out[key] = part.slice(eq + 1);
    }
  }
  return out;
}
