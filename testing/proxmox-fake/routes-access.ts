// Access routes: the token's own permissions (`GET /access/permissions`), as PVE reports them from the ACL —
// the whole tree, or with `path` the privileges in effect there (inherited from every parent path).
import type { Route } from './route-context.js';

export const ACCESS_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/access/permissions',
    // PVE also takes `userid` (another user's or token's permissions); the fake has one token, so it answers its own.
    handle: (ctx) => {
      const tree = ctx.state.permissions;
      const path = ctx.args.path;
      if (typeof path !== 'string') return tree;
      const parents = Object.keys(tree).filter((p) => p === '/' || path === p || path.startsWith(`${p}/`));
      return { [path]: Object.assign({}, ...parents.map((p) => tree[p])) as Record<string, number> };
    },
  },
];
