import { ConflictError, ForbiddenError, NotFoundError, UpstreamError, type ToolError } from '../../shared/errors.js';
import { kindOfStatus, type ServiceErrors, upstreamStatusError } from '../../shared/upstream-error.js';
import { untrusted } from '../../shared/untrusted.js';
import type { ProxmoxConfig } from './config.js';

/** What the request layer saw; status 0 means no HTTP answer (network, TLS or timeout, described in `reason`). */
export interface ProxmoxResponse {
  method: string;
  /** The request path, made of validated segments only, so it is safe to show. */
  path: string;
  status: number;
  reason: string;
  data?: unknown;
  errors?: unknown;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL|ERR_SSL/;

/**
 * Turns a failed Proxmox answer into one actionable sentence. The body is never passed through: PVE's own
 * wording travels only as a short, labelled untrusted detail.
 */
export async function upstreamError(
  response: ProxmoxResponse,
  config: ProxmoxConfig,
  listNodes: () => Promise<ProxmoxResponse>,
): Promise<ToolError> {
  const where = `${response.method} ${response.path.replace(/^\/api2\/json/, '')}`;
  const said = { proxmox: untrusted(response.reason.replace(/[\u0000-\u001f]/g, ' '), 300) };
  switch (true) {
    case response.status === 0 && /ALTNAME|HOSTNAME|IP_ADDRESS_MISMATCH/.test(response.reason):
      return new UpstreamError(
        `The TLS certificate of ${config.host}:${config.port} does not name ${config.host} (${response.reason}); set PROXMOX_HOST to a name or address the certificate holds (as in the web UI's URL).`,
      );
    case response.status === 0 && TLS_CODES.test(response.reason):
      return new UpstreamError(
        `The TLS certificate of ${config.host}:${config.port} is not trusted (${response.reason}); set PROXMOX_CA_FILE to the cluster's CA certificate.`,
      );
    case response.status === 0 && response.reason.startsWith('timeout'):
      return new UpstreamError(
        `Proxmox did not answer ${where} (${response.reason}); the request was sent once and not retried, so check the result before trying again.`,
      );
    case response.status === 0:
      return new UpstreamError(
        `Cannot reach Proxmox at ${config.host}:${config.port} (${response.reason}); check PROXMOX_HOST and PROXMOX_PORT.`,
      );
    case response.status === 403:
      return forbidden(response.reason, where);
    // PVE's proxy to another node: 595 = the node cannot be reached, 596 = it did not answer within 30 s (the
    // request may still run there), 500 "hostname lookup" = no such node in the cluster.
    case response.status === 595:
      return nodeProblem(response, listNodes, 'is offline or unreachable (HTTP 595)');
    case response.status === 500 && /^hostname lookup /.test(response.reason):
      return nodeProblem(response, listNodes, "is not a node of this cluster (PVE's hostname lookup failed)");
    case response.status === 596:
      return new UpstreamError(
        response.method === 'GET'
          ? `Proxmox’s proxy got no answer from node ${nodeOf(response) ?? '?'} in time (HTTP 596) for ${where}; the node is slow or overloaded, try again later.`
          : `Proxmox’s proxy got no answer from node ${nodeOf(response) ?? '?'} in time (HTTP 596) for ${where}; the change may still complete, so check the result with a read tool before trying again.`,
      );
    case response.status === 500 && /detected modified configuration/.test(response.reason):
      return new ConflictError(
        `The guest's configuration changed since it was read, so Proxmox refused ${where} (digest check); read it again and retry.`,
      );
    case response.status === 500 && /does not exist|no such|not found/i.test(response.reason):
      return new NotFoundError(`Proxmox reports that the object of ${where} does not exist.`, said);
    case response.status === 500 && /not running|is running|locked|already exists|in use/i.test(response.reason):
      return new ConflictError(`Proxmox refused ${where} because of the current state; see details.proxmox.`, said);
    case response.status === 501:
      return new UpstreamError(`This Proxmox version does not implement ${where} (HTTP 501).`);
    default:
      return upstreamStatusError(PROXMOX, { status: response.status, subject: where }, detailsFor(response, said));
  }
}

// PVE's reason phrase stays out of these sentences: it travels only in details, labelled untrusted.
const PROXMOX: ServiceErrors = {
  name: 'Proxmox',
  credential: 'the API token',
  sentences: {
    config: () => 'Proxmox rejected the API token (HTTP 401); check PROXMOX_USER, PROXMOX_TOKEN_NAME and PROXMOX_TOKEN_VALUE.',
    input: (r) => `Proxmox rejected the parameters of ${r.subject} (HTTP 400); see details.errors.`,
    unavailable: (r) => `Proxmox answered HTTP ${r.status} to ${r.subject}.`,
  },
};

/** PVE's reason is shown only where it is the one clue: rejected parameters, or a status we have no sentence for. */
function detailsFor(response: ProxmoxResponse, said: Record<string, unknown>): Record<string, unknown> | undefined {
  const kind = kindOfStatus(response.status);
  if (kind === 'input') return { errors: paramErrors(response.errors) };
  return kind === 'unavailable' || kind === 'unexpected' ? said : undefined;
}

function forbidden(reason: string, where: string): ToolError {
  // PVE: "Permission check failed (/vms/100, VM.PowerMgmt)"
  const match = /\((\/[A-Za-z0-9/._-]{0,200}), ([A-Za-z.|, ]{1,200})\)/.exec(reason);
  if (match) {
    return new ForbiddenError(
      `The API token lacks ${match[2]} on ${match[1]} (HTTP 403); grant it to the token (with privilege separation the token needs its own ACL entry).`,
    );
  }
  return upstreamStatusError(PROXMOX, { status: 403, subject: where });
}

function nodeOf(response: ProxmoxResponse): string | undefined {
  return /^\/api2\/json\/nodes\/([^/]+)/.exec(response.path)?.[1];
}

async function nodeProblem(response: ProxmoxResponse, listNodes: () => Promise<ProxmoxResponse>, problem: string): Promise<UpstreamError> {
  let known = '';
  try {
    const nodes = await listNodes();
    if (nodes.status === 200 && Array.isArray(nodes.data)) {
      known = (nodes.data as Array<{ node?: unknown; status?: unknown }>)
        .filter((n) => typeof n.node === 'string')
        .map((n) => `${String(n.node)} (${n.status === 'online' ? 'online' : 'offline'})`)
        .join(', ');
    }
  } catch {
    // the suggestion is optional
  }
  return new UpstreamError(`Node ${nodeOf(response) ?? '?'} ${problem}${known ? `; the cluster's nodes are ${known}` : ''}.`);
}

function paramErrors(errors: unknown): Record<string, unknown> {
  if (!errors || typeof errors !== 'object') return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(errors as Record<string, unknown>).slice(0, 20)) {
    if (/^[A-Za-z0-9_-]{1,64}$/.test(key)) out[key] = untrusted(String(value).trim(), 200);
  }
  return out;
}
