// The Proxmox fake's route table (every route family, in match order) and how a request finds its route and has
// its path parameters and arguments checked.
import { PVE_VERSIONS, verifyRequest as verifySchema, type Params } from './pve-schema.js';
import type { Route } from './route-context.js';
import { ACCESS_ROUTES } from './routes-access.js';
import { CLUSTER_ROUTES } from './routes-cluster.js';
import { diskRoutes } from './routes-disks.js';
import { guestRoutes } from './routes-guests.js';
import { snapshotRoutes } from './routes-snapshots.js';
import { STORAGE_ROUTES } from './routes-storage.js';
import { TASK_ROUTES } from './routes-tasks.js';
import type { GuestType } from './state.js';

export type { RouteContext } from './route-context.js';
export { finishTask } from './routes-tasks.js';

const TYPES: GuestType[] = ['qemu', 'lxc'];

export const ROUTES: Route[] = [
  ...CLUSTER_ROUTES,
  ...ACCESS_ROUTES,
  ...STORAGE_ROUTES,
  ...TASK_ROUTES,
  ...TYPES.flatMap((type) => [...guestRoutes(type), ...snapshotRoutes(type), ...diskRoutes(type)]),
];

export interface Match {
  route: Route;
  path: Record<string, string>;
}

/**
 * Finds the route for decoded segments (PVE: URL-decode the whole path, split on `/`, drop empty segments)
 * and checks path parameters. `undefined` → 501. A method with no route on a known path is 501 too.
 */
export function matchRoute(method: string, segments: string[]): Match | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const parts = route.path.split('/').filter(Boolean);
    const path: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const part = parts[i] as string;
      const segment = segments[i];
      if (part.endsWith('*}')) {
        if (segments.length <= i) ok = false;
        else path[part.slice(1, -2)] = segments.slice(i).join('/');
        break;
      }
      if (segment === undefined) ok = false;
      else if (part.startsWith('{')) path[part.slice(1, -1)] = segment;
      else ok = part === segment;
    }
    const rest = parts.at(-1)?.endsWith('*}') ? true : parts.length === segments.length;
    if (ok && rest) return { route, path };
  }
  return undefined;
}

/** The endpoint as PVE's API description names it: `PUT /nodes/{node}/qemu/{vmid}/config`. */
export function endpointOf(route: Route): string {
  return `${route.method} ${route.path.replace('*}', '}')}`;
}

/**
 * PVE's parameter check of a request: path parameters and arguments together against the method's schema, for
 * every PVE version in pve-schema.json. Returns the errors PVE would answer (empty when all versions accept it).
 */
export function verifyRequest(match: Match, args: Params): Record<string, string> {
  const byVersion = verifySchema(endpointOf(match.route), { ...args, ...match.path });
  const versions = Object.keys(byVersion);
  const errors: Record<string, string> = {};
  for (const version of versions) {
    for (const [key, message] of Object.entries(byVersion[version] ?? {})) {
      errors[key] ??= versions.length === Object.keys(PVE_VERSIONS).length ? message : `${message} (PVE ${version})`;
    }
  }
  return errors;
}
