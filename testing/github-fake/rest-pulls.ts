// REST routes for pull requests: list, open, read, edit, request reviewers, reviews, review comments and replies,
// and merge (refused as GitHub does while a gate is closed).
import type { FakePull, FakeState } from './state.js';
import { fakeSha, nodeId } from './state.js';
import { reviewDecision, requiredProblems } from './merge-gates.js';
import { deleteBranch, mergePull, type MergeMethod } from './git-merge.js';
import { pullJson, reviewCommentJson, reviewJson } from './rest-payloads.js';
import { DOCS, branchSha, invalid, notFound, now, pullOf, stringList, type Handler, type Reply } from './rest-context.js';

export const PULL_ROUTES: Array<[string, RegExp, Handler]> = [
  [
    'GET',
    /^\/pulls$/,
    (c) => {
      const state = c.query.get('state') ?? 'open';
      const head = c.query.get('head');
      const base = c.query.get('base');
      const items = c.s.pulls
        .filter((p) => state === 'all' || p.state === state)
        .filter((p) => !head || head === `${c.s.owner}:${p.headRef}` || head === p.headRef)
        .filter((p) => !base || p.baseRef === base)
        .sort((a, b) => b.number - a.number)
        .map((p) => pullJson(c.base, c.s, p));
      return { status: 200, page: { items } };
    },
  ],
  [
    'POST',
    /^\/pulls$/,
    (c) => {
      const title = c.body.title;
      const headParam = String(c.body.head ?? '');
      const head = headParam.includes(':') ? (headParam.split(':')[1] ?? '') : headParam;
      const base = String(c.body.base ?? '');
      if (typeof title !== 'string' || !title)
        return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
      const sha = branchSha(c, head);
      if (!sha) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
      if (!branchSha(c, base)) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
      if (c.s.pulls.some((p) => p.state === 'open' && p.headRef === head)) {
        return invalid('Validation Failed', [
          { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${c.s.owner}:${head}.` },
        ]);
      }
      const number = c.s.nextNumber++;
      const pull: FakePull = {
        number,
        nodeId: nodeId('PR', number),
        title,
        body: typeof c.body.body === 'string' ? c.body.body : null,
        state: 'open',
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        draft: c.body.draft === true,
        headRef: head,
        headSha: sha,
        baseRef: base,
        author: c.s.viewer,
        labels: [],
        assignees: [],
        requestedReviewers: [],
        mergeable: true,
        autoMerge: null,
        createdAt: now(),
        updatedAt: now(),
      };
      c.s.branches.set(head, sha);
      c.s.pulls.push(pull);
      return { status: 201, body: pullJson(c.base, c.s, pull) };
    },
  ],
  [
    'GET',
    /^\/pulls\/(\d+)$/,
    (c) => {
      const p = pullOf(c);
      return p ? { status: 200, body: pullJson(c.base, c.s, p) } : notFound();
    },
  ],
  [
    'PATCH',
    /^\/pulls\/(\d+)$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      if (typeof c.body.title === 'string') p.title = c.body.title;
      if (typeof c.body.body === 'string') p.body = c.body.body;
      if (typeof c.body.base === 'string') {
        if (!branchSha(c, c.body.base)) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
        p.baseRef = c.body.base;
      }
      if (c.body.state === 'open' || c.body.state === 'closed') p.state = c.body.state;
      p.updatedAt = now();
      return { status: 200, body: pullJson(c.base, c.s, p) };
    },
  ],
  [
    'POST',
    /^\/pulls\/(\d+)\/requested_reviewers$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      const reviewers = stringList(c.body.reviewers);
      if (reviewers.includes(p.author)) return invalid('Review cannot be requested from pull request author.');
      p.requestedReviewers = [...new Set([...p.requestedReviewers, ...reviewers])];
      return { status: 201, body: pullJson(c.base, c.s, p) };
    },
  ],
  [
    'GET',
    /^\/pulls\/(\d+)\/reviews$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      return { status: 200, page: { items: c.s.reviews.filter((r) => r.pullNumber === p.number).map((r) => reviewJson(c.base, c.s, r)) } };
    },
  ],
  [
    'POST',
    /^\/pulls\/(\d+)\/reviews$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      const event = String(c.body.event ?? 'PENDING');
      if (!['APPROVE', 'REQUEST_CHANGES', 'COMMENT'].includes(event)) return invalid('Validation Failed');
      if (p.author === c.s.viewer && event !== 'COMMENT') {
        const verb = event === 'APPROVE' ? 'approve' : 'request changes on';
        return invalid('Unprocessable Entity', [`Can not ${verb} your own pull request`]);
      }
      if (event !== 'APPROVE' && !c.body.body) return invalid('Unprocessable Entity', ['Body is required for this event']);
      const id = c.s.nextId++;
      const state = event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : 'COMMENTED';
      const review = {
        id,
        nodeId: nodeId('PRR', id),
        pullNumber: p.number,
        author: c.s.viewer,
        state,
        body: String(c.body.body ?? ''),
        commitId: p.headSha,
        submittedAt: now(),
      } as const;
      c.s.reviews.push({ ...review });
      for (const raw of Array.isArray(c.body.comments) ? c.body.comments : []) {
        const comment = raw as { path?: string; line?: number; body?: string };
        addThreadComment(c.s, p.number, String(comment.path), comment.line ?? null, c.s.viewer, String(comment.body ?? ''), id);
      }
      return { status: 200, body: reviewJson(c.base, c.s, { ...review }) };
    },
  ],
  [
    'GET',
    /^\/pulls\/(\d+)\/comments$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      return {
        status: 200,
        page: { items: c.s.reviewComments.filter((x) => x.pullNumber === p.number).map((x) => reviewCommentJson(c.base, c.s, x)) },
      };
    },
  ],
  [
    'POST',
    /^\/pulls\/(\d+)\/comments\/(\d+)\/replies$/,
    (c) => {
      const p = pullOf(c);
      const parent = c.s.reviewComments.find((x) => x.id === Number(c.params[1]) && x.pullNumber === p?.number);
      if (!p || !parent) return notFound();
      if (typeof c.body.body !== 'string' || !c.body.body)
        return invalid('Validation Failed', [{ resource: 'PullRequestReviewComment', field: 'body', code: 'missing_field' }]);
      const comment = addThreadComment(c.s, p.number, parent.path, parent.line, c.s.viewer, c.body.body, null, parent);
      return { status: 201, body: reviewCommentJson(c.base, c.s, comment) };
    },
  ],
  [
    'PUT',
    /^\/pulls\/(\d+)\/merge$/,
    (c) => {
      const p = pullOf(c);
      if (!p) return notFound();
      const refuse = (message: string, status = 405): Reply => ({
        status,
        body: { message, documentation_url: DOCS, status: String(status) },
      });
      if (p.state !== 'open') return refuse('Pull Request is not mergeable');
      if (c.body.sha && c.body.sha !== p.headSha) return refuse('Head branch was modified. Review and try the merge again.', 409);
      if (p.draft) return refuse('Pull Request is still a draft');
      if (p.mergeable !== true) return refuse('Pull Request is not mergeable');
      const required = requiredProblems(c.s, p);
      if (required.failing[0]) return refuse(`Required status check "${required.failing[0]}" is failing.`);
      const waiting = required.pending[0] ?? required.expected[0];
      if (waiting) return refuse(`Required status check "${waiting}" is expected.`);
      const decision = reviewDecision(c.s, p);
      if (decision === 'REVIEW_REQUIRED') return refuse('At least 1 approving review is required by reviewers with write access.');
      if (decision === 'CHANGES_REQUESTED') return refuse('Changes must be made through a pull request.');
      const method = String(c.body.merge_method ?? 'merge');
      if (!['merge', 'squash', 'rebase'].includes(method))
        return invalid('Validation Failed', [{ field: 'merge_method', code: 'invalid' }]);
      if (!c.s.mergeMethods.includes(method as MergeMethod)) return refuse(NOT_ALLOWED[method as MergeMethod]);
      let sha = fakeSha(`merge:${p.number}:${p.headSha}`);
      if (c.gitDir && p.headOwner === undefined) {
        const title = typeof c.body.commit_title === 'string' ? c.body.commit_title : undefined;
        const message = typeof c.body.commit_message === 'string' ? c.body.commit_message : undefined;
        const result = mergePull(c.gitDir, c.s, p, {
          method: method as MergeMethod,
          ...(title ? { title } : {}),
          ...(message !== undefined ? { message } : {}),
        });
        if (!result.ok && result.reason === 'base-moved') return refuse('Base branch was modified. Review and try the merge again.', 409);
        if (!result.ok) {
          p.mergeable = false;
          return refuse('Pull Request is not mergeable');
        }
        sha = result.sha;
        if (c.s.deleteBranchOnMerge) deleteBranch(c.gitDir, p.headRef);
      }
      p.merged = true;
      p.state = 'closed';
      p.mergedAt = now();
      p.mergeCommitSha = sha;
      p.autoMerge = null;
      c.s.branches.set(p.baseRef, sha);
      if (c.s.deleteBranchOnMerge && p.headOwner === undefined) c.s.branches.delete(p.headRef);
      return { status: 200, body: { sha: p.mergeCommitSha, merged: true, message: 'Pull Request successfully merged' } };
    },
  ],
];

/** GitHub's answers to a merge method the repository does not allow. */
const NOT_ALLOWED: Record<MergeMethod, string> = {
  merge: 'Merge commits are not allowed on this repository.',
  squash: 'Squash merges are not allowed on this repository.',
  rebase: 'Rebase merges are not allowed on this repository.',
};

export function addThreadComment(
  s: FakeState,
  pullNumber: number,
  path: string,
  line: number | null,
  author: string,
  body: string,
  reviewId: number | null,
  parent?: { id: number; threadId: string },
) {
  const id = s.nextId++;
  let threadId = parent?.threadId;
  if (!threadId) {
    threadId = nodeId('PRRT', id);
    s.threads.push({ id: threadId, pullNumber, path, line, resolved: false, outdated: false, commentIds: [] });
  }
  const comment = {
    id,
    nodeId: nodeId('PRRC', id),
    pullNumber,
    threadId,
    reviewId,
    author,
    body,
    path,
    line,
    inReplyTo: parent?.id ?? null,
    createdAt: now(),
  };
  s.reviewComments.push(comment);
  s.threads.find((t) => t.id === threadId)?.commentIds.push(id);
  return comment;
}
