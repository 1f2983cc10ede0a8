import { ConfigError, ConflictError, ForbiddenError, InputError, NotFoundError, type ToolError, UpstreamError } from './errors.js';

/**
 * One mapping from a remote service's HTTP refusal to our typed errors, so GitHub, Discord and Proxmox agree on
 * what a status means (a 401 is our configuration, a 400 the caller's input, a 5xx the service's trouble). Each
 * service words its sentences in a table and keeps its real special cases (rate limits, SSO, proxy timeouts) apart.
 */
export type UpstreamKind = 'input' | 'config' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable' | 'unexpected';

/** What a service answered, as the sentences need it. */
export interface Refusal {
  status: number;
  /** What the request was about, as the sentence names it ("PR #3", "GET /nodes", "#alerts"). */
  subject: string;
  /** The service's own explanation, already short (see `brief`); shown as data, never as our words. */
  said?: string;
}

export interface ServiceErrors {
  /** The service as the sentences name it: "GitHub". */
  name: string;
  /** The credential a 401 points at ("GITHUB_TOKEN"). */
  credential: string;
  /** The service's own sentence per kind, where the shared one is not what its users need. */
  sentences?: Partial<Record<UpstreamKind, (refusal: Refusal) => string>>;
}

const ERRORS: Record<UpstreamKind, new (message: string, details?: Record<string, unknown>) => ToolError> = {
  input: InputError,
  config: ConfigError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  conflict: ConflictError,
  unavailable: UpstreamError,
  unexpected: UpstreamError,
};

/** Which of our errors an HTTP status stands for. */
export function kindOfStatus(status: number): UpstreamKind {
  if (status === 400 || status === 422) return 'input';
  if (status === 401) return 'config';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 405 || status === 409 || status === 412) return 'conflict';
  if (status >= 500 && status <= 599) return 'unavailable';
  return 'unexpected';
}

/** The shared sentences: what happened, then the next step. */
function sharedSentence(kind: UpstreamKind, service: ServiceErrors, r: Refusal): string {
  const said = r.said ? ` (${r.said})` : '';
  switch (kind) {
    case 'input':
      return `${service.name} rejected the request for ${r.subject} as invalid (HTTP ${r.status})${said}; change it, as sending it again unchanged will not help.`;
    case 'config':
      return `${service.name} rejected ${service.credential} (HTTP ${r.status}); check ${service.credential} and restart the server.`;
    case 'forbidden':
      return `${service.name} does not allow this on ${r.subject} (HTTP ${r.status})${said}; grant ${service.credential} the missing permission.`;
    case 'not_found':
      return `${service.name} does not know ${r.subject} (HTTP ${r.status}); check the name or id.`;
    case 'conflict':
      return `${service.name} refused ${r.subject} because of its current state (HTTP ${r.status})${said}; read it again before retrying.`;
    case 'unavailable':
      return `${service.name} failed with HTTP ${r.status} for ${r.subject}; try again shortly.`;
    default:
      return `${service.name} answered HTTP ${r.status} to ${r.subject}${said}.`;
  }
}

/** The typed error for a refusal, in the service's words where it has its own, else the shared ones. */
export function upstreamStatusError(service: ServiceErrors, refusal: Refusal, details?: Record<string, unknown>): ToolError {
  const kind = kindOfStatus(refusal.status);
  const sentence = service.sentences?.[kind]?.(refusal) ?? sharedSentence(kind, service, refusal);
  return new ERRORS[kind](sentence, details);
}

/** A service's message cut to one clause for a sentence: whitespace folded, trailing stops dropped, at most `max` characters. */
export function brief(text: string | undefined, max = 160): string {
  const cleaned = (text ?? 'no details')
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
}

/** "HH:MM" in UTC, for "try again after 03:42 UTC". */
export function utcClock(date: Date): string {
  return date.toISOString().slice(11, 16);
}
