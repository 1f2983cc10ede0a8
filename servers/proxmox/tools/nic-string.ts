// A guest NIC as a PVE property string (`virtio=BC:24:…,bridge=vmbr0,firewall=1`), edited option by option so
// that a change keeps everything it does not name — above all the MAC, which PVE regenerates when it is missing.

export type NicChanges = Record<string, string | undefined>;

interface Part {
  key: string;
  value: string;
}

function parse(value: string): Part[] {
  return value
    .split(',')
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      return eq === -1 ? { key: part, value: '' } : { key: part.slice(0, eq), value: part.slice(eq + 1) };
    });
}

const format = (parts: Part[]) => parts.map((p) => (p.value === '' ? p.key : `${p.key}=${p.value}`)).join(',');

/** Replaces or appends the options in `changes` (undefined = leave alone), keeping order and every other option. */
function merge(parts: Part[], changes: NicChanges): Part[] {
  const out = parts.map((p) => ({ ...p }));
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const existing = out.find((p) => p.key === key);
    if (existing) existing.value = value;
    else out.push({ key, value });
  }
  return out;
}

/**
 * A qemu NIC: the first option is `model=MAC` (or a bare model, or `model=<model>` with `macaddr=`). A new model
 * keeps the MAC; a new MAC keeps the model.
 */
export function mergeQemuNic(existing: string, model: string | undefined, macaddr: string | undefined, changes: NicChanges): string {
  const [first, ...rest] = parse(existing);
  let head: Part = first ?? { key: 'virtio', value: '' };
  let others = rest;
  if (head.key === 'model') {
    const mac = others.find((p) => p.key === 'macaddr');
    others = others.filter((p) => p.key !== 'macaddr');
    head = { key: head.value, value: mac?.value ?? '' };
  }
  head = { key: model ?? head.key, value: macaddr ?? head.value };
  return format([head, ...merge(others, changes)]);
}

/** A container NIC: plain `key=value` options (`name`, `bridge`, `hwaddr`, `ip`…). */
export function mergeLxcNic(existing: string, changes: NicChanges): string {
  return format(merge(parse(existing), changes));
}
