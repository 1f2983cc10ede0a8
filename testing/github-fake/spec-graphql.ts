// Checks each GraphQL document the fake receives against GitHub's published schema (npm @octokit/graphql-schema):
// the document is valid, uses no deprecated field or argument, names its operation, and its variables coerce to
// the declared types. The schema is built once per process, on the first GraphQL request.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';

const GRAPHQL = 'graphql';
const SCHEMA_PACKAGE = '@octokit/graphql-schema';

type GraphQLModule = typeof import('graphql');
let loading: Promise<{ graphql: GraphQLModule; schema: GraphQLSchema }> | undefined;

function load() {
  loading ??= (async () => {
    // The package exports only its ESM entry (which builds a schema at import): find its schema.json on disk.
    const searched = createRequire(import.meta.url).resolve.paths(SCHEMA_PACKAGE) ?? [];
    const file = searched.map((dir) => join(dir, SCHEMA_PACKAGE, 'schema.json')).find((f) => existsSync(f));
    if (!file) throw new Error(`${SCHEMA_PACKAGE} is not installed (a dev dependency)`);
    const [text, graphql] = await Promise.all([readFile(file, 'utf8'), import(GRAPHQL) as Promise<GraphQLModule>]);
    const json = JSON.parse(text) as { data?: unknown };
    return { graphql, schema: graphql.buildClientSchema((json.data ?? json) as never) };
  })();
  return loading;
}

export interface CheckedDocument {
  problems: string[];
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  schema?: GraphQLSchema;
  graphql?: GraphQLModule;
}

export async function checkGraphQLRequest(query: unknown, variables: unknown): Promise<CheckedDocument> {
  const { graphql, schema } = await load();
  if (typeof query !== 'string') return { problems: ['the body has no query string'] };
  let document: DocumentNode;
  try {
    document = graphql.parse(query);
  } catch (error) {
    return { problems: [`does not parse: ${(error as Error).message}`] };
  }
  const errors = graphql.validate(schema, document, [...graphql.specifiedRules, graphql.NoDeprecatedCustomRule]);
  const problems = errors.map((e) => e.message);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operations[0];
  if (operations.length !== 1 || !operation) problems.push('send exactly one operation per document');
  else {
    if (!operation.name) problems.push('name the operation (GitHub logs and the fake dispatch by name)');
    if (problems.length === 0) {
      const coerced = graphql.getVariableValues(schema, operation.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>);
      for (const e of coerced.errors ?? []) problems.push(e.message);
    }
  }
  return { problems, document, ...(operation ? { operation } : {}), schema, graphql };
}
