// Checks each REST request the fake receives against GitHub's own OpenAPI description (npm @octokit/openapi,
// api.github.com): the route and method exist, path and query parameters and the JSON body match their schemas,
// and nothing undocumented is sent. The 13 MB description is read once per process, on the first request, and a
// validator is compiled per operation on its first use, so starting a fake stays cheap.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}
type Schema = Record<string, unknown>;
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Schema }> }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation | unknown>>;
  components: {
    parameters: Record<string, Parameter>;
    schemas: Record<string, Schema>;
    responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  };
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  literalSegments: number;
  operation: Operation;
}
type Check = (value: unknown) => string[];

interface Loaded {
  routes: Route[];
  compile(schema: Schema): Check;
  spec: Spec;
}

// Computed specifiers: esbuild leaves them alone, so the demo bundle does not carry ajv (dev dependencies).
const AJV = 'ajv';
const AJV_FORMATS = 'ajv-formats';
const OPENAPI = '@octokit/openapi/package.json';

let loading: Promise<Loaded> | undefined;
const compiled = new Map<string, { params: Map<string, Check>; body?: Check }>();

/** Loads the description and ajv once per process. Rejects when the dev dependencies are not installed. */
function load(): Promise<Loaded> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const file = join(dirname(require.resolve(OPENAPI)), 'generated', 'api.github.com.json');
    const [text, ajvModule, formatsModule] = await Promise.all([readFile(file, 'utf8'), import(AJV), import(AJV_FORMATS)]);
    const spec = JSON.parse(text) as Spec;
    const Ajv = (ajvModule.default?.default ?? ajvModule.default) as new (options: object) => AjvLike;
    const addFormats = (formatsModule.default?.default ?? formatsModule.default) as (ajv: AjvLike) => void;
    const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: false, validateFormats: true });
    addFormats(ajv);
    // GitHub's own format for "owner/name"; unknown to ajv, which would warn on stderr at every compile.
    ajv.addFormat('repo.nwo', /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/);
    const compile = (schema: Schema): Check => {
      const validate = ajv.compile(bundle(schema, spec.components.schemas) as object);
      return (value) =>
        validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
    };
    return { routes: indexRoutes(spec), compile, spec };
  })();
  return loading;
}

interface AjvLike {
  addFormat(name: string, format: RegExp): unknown;
  compile(schema: object): ((value: unknown) => boolean) & { errors?: Array<{ instancePath: string; message?: string }> | null };
}

/**
 * One operation's schema with only the components it reaches (walking the whole description through ajv costs
 * seconds), in what ajv reads: `#/components/schemas/X` becomes `#/definitions/X`, and `nullable` beside a
 * combinator (no `type`, which ajv refuses) becomes `anyOf [it, null]`.
 */
function bundle(schema: Schema, components: Record<string, Schema>): Schema {
  const definitions: Record<string, unknown> = {};
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (!value || typeof value !== 'object') return value;
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
      const name = ref.slice('#/components/schemas/'.length);
      if (!(name in definitions)) {
        definitions[name] = {};
        definitions[name] = visit(components[name] ?? {});
      }
      return { $ref: `#/definitions/${name}` };
    }
    const out = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v)])) as Schema;
    // ajv reads `nullable` as allowing null only where `enum` allows it too.
    if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    if (out.nullable === true && out.type === undefined) {
      const { nullable: _nullable, ...rest } = out;
      return { anyOf: [rest, { type: 'null' }] };
    }
    return out;
  };
  const root = visit(schema);
  return { definitions, allOf: [root] };
}

function indexRoutes(spec: Spec): Route[] {
  const routes: Route[] = [];
  for (const [template, methods] of Object.entries(spec.paths)) {
    const names: string[] = [];
    const source = template
      .split('/')
      .map((segment) =>
        segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        }),
      )
      .join('/');
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      routes.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        names,
        literalSegments: template.split('/').filter((s) => s && !s.includes('{')).length,
        operation: operation as Operation,
      });
    }
  }
  // A literal segment wins over a parameter (`/pulls/comments` before `/pulls/{pull_number}`).
  return routes.sort((a, b) => b.literalSegments - a.literalSegments);
}

export interface RestRequest {
  method: string;
  /** Path without the `/api/v3` prefix, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON body, undefined when none was sent. */
  body: unknown;
}

/** Every way the request departs from GitHub's description; empty when it conforms. */
export async function checkRestRequest(request: RestRequest): Promise<string[]> {
  const { routes, compile, spec } = await load();
  const route = routes.find((r) => r.method === request.method && r.pattern.test(request.path));
  if (!route) return [`${request.method} ${request.path} is not an operation in GitHub's REST description`];
  const where = `${route.method} ${route.template} (${route.operation.operationId})`;
  const parameters = (route.operation.parameters ?? [])
    .map((p) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop() ?? ''] : p))
    .filter((p): p is Parameter => Boolean(p));
  let checks = compiled.get(where);
  if (!checks) {
    checks = { params: new Map() };
    for (const p of parameters) if (p.schema) checks.params.set(`${p.in}:${p.name}`, compile(p.schema));
    const bodySchema = route.operation.requestBody?.content?.['application/json']?.schema;
    if (bodySchema) checks.body = compile(closeTopLevel(bodySchema));
    compiled.set(where, checks);
  }
  const problems: string[] = [];
  const values = route.pattern.exec(request.path)?.slice(1) ?? [];
  route.names.forEach((name, i) => {
    const check = checks.params.get(`path:${name}`);
    const schema = parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
    for (const e of check?.(coerce([decodeURIComponent(values[i] ?? '')], schema)) ?? []) problems.push(`path parameter ${name}: ${e}`);
  });
  const known = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
  for (const name of new Set(request.query.keys())) {
    if (!known.has(name)) {
      problems.push(`query parameter ${name} is not documented`);
      continue;
    }
    const p = parameters.find((x) => x.in === 'query' && x.name === name);
    const value = coerce(request.query.getAll(name), p?.schema);
    for (const e of checks.params.get(`query:${name}`)?.(value) ?? []) problems.push(`query parameter ${name}: ${e}`);
  }
  for (const p of parameters)
    if (p.in === 'query' && p.required && !request.query.has(p.name)) problems.push(`query parameter ${p.name} is required`);
  if (request.body === undefined) {
    if (route.operation.requestBody?.required) problems.push('a JSON body is required');
  } else if (!checks.body) {
    if (!(request.body && typeof request.body === 'object' && Object.keys(request.body).length === 0))
      problems.push('this operation takes no JSON body');
  } else {
    for (const e of checks.body(request.body)) problems.push(`body ${e}`);
  }
  return problems.map((p) => `${where}: ${p}`);
}

/** GitHub ignores undocumented body fields; a client sending one has a bug, so the fake refuses them. */
function closeTopLevel(schema: Schema): Schema {
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined)
    return { ...schema, additionalProperties: false };
  return schema;
}

/** Query strings are text: turn them into what the parameter's schema describes before checking. */
function coerce(values: string[], schema: Schema | undefined): unknown {
  const type = schema?.type;
  const one = (v: string): unknown => {
    if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    if (type === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
    return v;
  };
  if (type === 'array') return values.flatMap((v) => v.split(','));
  return one(values.at(-1) ?? '');
}

const responseChecks = new Map<string, Check | null>();

/** How a JSON answer departs from the schema GitHub documents for that operation and status (empty: it conforms). */
export async function checkRestResponse(request: { method: string; path: string }, status: number, body: unknown): Promise<string[]> {
  const { routes, compile, spec } = await load();
  const route = routes.find((r) => r.method === request.method && r.pattern.test(request.path));
  if (!route) return [];
  const key = `${route.method} ${route.template} ${status}`;
  let check = responseChecks.get(key);
  if (check === undefined) {
    let response = route.operation.responses?.[String(status)];
    if (response?.$ref) response = spec.components.responses[response.$ref.split('/').pop() ?? ''];
    const schema = response?.content?.['application/json']?.schema;
    check = schema ? compile(schema) : null;
    responseChecks.set(key, check);
  }
  return check ? check(body).map((e) => `the fake's answer to ${key} (${route.operation.operationId}): ${e}`) : [];
}
