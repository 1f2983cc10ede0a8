#!/usr/bin/env node
// Generates testing/proxmox-fake/pve-schema.json: the parameters PVE's JSONSchema checks, for the endpoints the
// proxmox server calls, from the API viewer data of proxmox/pve-docs (`api-viewer/apidata.js`).
//
// Inputs (not committed — each is ~3.5 MB): one file per PVE version, taken from a pve-docs checkout:
//   git clone https://git.proxmox.com/git/pve-docs.git   (or github.com/proxmox/pve-docs)
//   git -C pve-docs show fa0b4f6ba0eb7c6a77dec8cb6713bb3bbcd83ebc:api-viewer/apidata.js > apidata-8.4.2.js
//   git -C pve-docs show e5010dcea566a205770572cfbc5fe0af220d5077:api-viewer/apidata.js > apidata-9.1.3.js
//   node scripts/pve-schema.mjs apidata-8.4.2.js apidata-9.1.3.js
// The commits are pve-docs' "bump version to 8.4.2" and "bump version to 9.1.3"; a file is recognised by its
// SHA-256 below, so the output always names the commit it came from.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCES = {
  '8.4.2': { commit: 'fa0b4f6ba0eb7c6a77dec8cb6713bb3bbcd83ebc' },
  '9.1.3': { commit: 'e5010dcea566a205770572cfbc5fe0af220d5077' },
};

const GUEST_ACTIONS = {
  qemu: ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume', 'reset'],
  lxc: ['start', 'stop', 'shutdown', 'reboot', 'suspend', 'resume'],
};

/** Every method + path the proxmox server (and the doctor) sends. */
export const ENDPOINTS = [
  'GET /version',
  'GET /access/permissions',
  'GET /nodes',
  'GET /nodes/{node}/status',
  'GET /cluster/status',
  'GET /cluster/resources',
  'GET /cluster/nextid',
  'GET /nodes/{node}/storage',
  'GET /nodes/{node}/storage/{storage}/content',
  'DELETE /nodes/{node}/storage/{storage}/content/{volume}',
  'POST /nodes/{node}/vzdump',
  'GET /nodes/{node}/tasks/{upid}/status',
  'GET /nodes/{node}/tasks/{upid}/log',
  ...['qemu', 'lxc'].flatMap((type) => {
    const base = `/nodes/{node}/${type}/{vmid}`;
    return [
      `POST /nodes/{node}/${type}`,
      `GET ${base}/status/current`,
      ...GUEST_ACTIONS[type].map((action) => `POST ${base}/status/${action}`),
      `GET ${base}/config`,
      `PUT ${base}/config`,
      `DELETE ${base}`,
      ...(type === 'qemu' ? [`POST ${base}/clone`, `POST ${base}/move_disk`] : [`POST ${base}/move_volume`]),
      `GET ${base}/snapshot`,
      `POST ${base}/snapshot`,
      `DELETE ${base}/snapshot/{snapname}`,
      `POST ${base}/snapshot/{snapname}/rollback`,
      `PUT ${base}/resize`,
    ];
  }),
];

// What PVE's validator reads; descriptions and UI hints are dropped.
const KEEP = [
  'type',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'enum',
  'optional',
  'default',
  'default_key',
  'alias',
  'keyAlias',
  'requires',
  'items',
];

function compact(schema) {
  const out = {};
  for (const key of KEEP) {
    const value = schema[key];
    if (value === undefined) continue;
    if (key === 'format' && typeof value === 'object')
      out.format = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
    else if (key === 'items') out.items = compact(value);
    else out[key] = value;
  }
  // `net[n]`-style keys: PVE's description names the range ("(n is 0 to 30)"); the schema itself does not.
  const range = /\(n is 0 to (\d+)/.exec(schema.description ?? '');
  if (range) out.max_n = Number(range[1]);
  return out;
}

function load(file) {
  const text = readFileSync(file, 'utf8');
  const sha256 = createHash('sha256').update(text).digest('hex');
  const tree = JSON.parse(text.slice(text.indexOf('['), text.lastIndexOf(']') + 1));
  const methods = new Map();
  const walk = (nodes) => {
    for (const node of nodes) {
      for (const [method, info] of Object.entries(node.info ?? {})) methods.set(`${method} ${node.path}`, info);
      if (node.children) walk(node.children);
    }
  };
  walk(tree);
  return { sha256, methods };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/pve-schema.mjs <apidata.js>… (see the header for how to get them)');
  process.exit(2);
}
const versions = {};
const endpoints = {};
for (const file of files) {
  const { sha256, methods } = load(file);
  const text = readFileSync(file, 'utf8');
  // The file does not state its version; the caller names it in the file name (apidata-<version>.js).
  const label = /(\d+\.\d+\.\d+)/.exec(file)?.[1];
  const source = label ? SOURCES[label] : undefined;
  if (!source) {
    console.error(`${file}: name it apidata-<version>.js with a version of ${Object.keys(SOURCES).join(', ')}`);
    process.exit(2);
  }
  versions[label] = { commit: source.commit, sha256, bytes: Buffer.byteLength(text) };
  for (const endpoint of ENDPOINTS) {
    const info = methods.get(endpoint);
    if (!info) {
      console.error(`${label}: PVE has no ${endpoint}`);
      process.exit(1);
    }
    const params = info.parameters ?? {};
    const properties = Object.fromEntries(
      Object.entries(params.properties ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, compact(v)]),
    );
    endpoints[endpoint] ??= {};
    endpoints[endpoint][label] = { additionalProperties: params.additionalProperties ?? 1, properties };
  }
}

// One copy per distinct parameter table: most endpoints are identical in every version.
const tables = [];
const index = new Map();
const ref = (table) => {
  const json = JSON.stringify(table);
  if (!index.has(json)) {
    index.set(json, tables.length);
    tables.push(table);
  }
  return index.get(json);
};
const out = {
  comment: 'Generated by scripts/pve-schema.mjs from proxmox/pve-docs api-viewer/apidata.js; do not edit.',
  versions,
  endpoints: Object.fromEntries(ENDPOINTS.map((e) => [e, Object.fromEntries(Object.entries(endpoints[e]).map(([v, t]) => [v, ref(t)]))])),
  tables,
};
const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'testing', 'proxmox-fake', 'pve-schema.json');
// One line per endpoint and per table, so a regenerated file diffs readably.
const lines = [
  '{',
  `"comment": ${JSON.stringify(out.comment)},`,
  `"versions": ${JSON.stringify(out.versions)},`,
  '"endpoints": {',
  Object.entries(out.endpoints)
    .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n'),
  '},',
  '"tables": [',
  out.tables.map((t) => JSON.stringify(t)).join(',\n'),
  ']',
  '}',
];
writeFileSync(target, `${lines.join('\n')}\n`);
console.error(
  `wrote ${target}: ${ENDPOINTS.length} endpoints, ${tables.length} parameter tables, ${Buffer.byteLength(JSON.stringify(out))} bytes`,
);
