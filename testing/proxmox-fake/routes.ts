// The Proxmox fake's route table (every route family, in match order) and how a request finds its route and has
// its path parameters and arguments checked.
import { FORMATS, FakeError, verifyParams, type Params } from './checks.js';
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

// Path-parameter formats PVE checks before any handler runs.
const PATH_FORMATS: Record<string, RegExp> = {
  node: FORMATS.node,
  vmid: FORMATS.vmid,
  storage: FORMATS.storage,
  snapname: FORMATS.configid,
  upid: FORMATS.upid,
};
const PATH_MESSAGES: Record<string, string> = {
  vmid: 'invalid format - value does not look like a valid VM ID',
  upid: 'unable to parse worker upid',
};

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

export function verifyPath(path: Record<string, string>): void {
  const errors: Record<string, string> = {};
  for (const [key, value] of Object.entries(path)) {
    const format = PATH_FORMATS[key];
    if (format && !format.test(value)) errors[key] = PATH_MESSAGES[key] ?? 'invalid format - value does not match the regex pattern';
  }
  if (Object.keys(errors).length > 0) throw new FakeError(400, 'Parameter verification failed.', errors);
}

export function verifyArgs(match: Match, args: Params): void {
  verifyParams(args, match.route.params ?? {}, match.route.patterns ?? []);
}