/**
 * Typed errors thrown by tool handlers. The adapter turns each into an `isError` result whose text is the
 * error's message, so every message is one actionable sentence, free of secrets and raw upstream bodies.
 */
export class ToolError extends Error {
  readonly kind: string = 'tool';
  /** Structured details added to the error result (e.g. the conflicting files); must be safe to show. */
  readonly details?: Record<string, unknown>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    if (details) this.details = details;
  }
}

/** The caller's input is wrong; the message says what to change. */
export class InputError extends ToolError {
  override readonly kind = 'input';
}

/** The server's environment is missing or malformed; the message names the variable, never its value. */
export class ConfigError extends ToolError {
  override readonly kind = 'config';
}

/** The thing asked for does not exist. */
export class NotFoundError extends ToolError {
  override readonly kind = 'not_found';
}

/** The request is valid but the current state forbids it (a cycle, a held claim, a dirty worktree). */
export class ConflictError extends ToolError {
  override readonly kind = 'conflict';
}

/** The operation is not allowed (elevated tier off, a path outside the allowed root). */
export class ForbiddenError extends ToolError {
  override readonly kind = 'forbidden';
}

/** A remote service failed; the message is ours, the upstream body is only logged. */
export class UpstreamError extends ToolError {
  override readonly kind = 'upstream';
}
