let pattern = /$^/;

export function initialize(data) {
  pattern = new RegExp(data.pattern);
}

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (pattern.test(result.url)) process.stderr.write(`[trace-import] ${result.url}\n`);
  return result;
}
