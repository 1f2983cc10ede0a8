import type { ToolDefinition } from '../../../shared/define-tool.js';
import type { ToolDeps } from '../deps.js';
import { ciFailures } from './ci-failures.js';
import { issueList } from './issue-list.js';
import { issueReport } from './issue-report.js';
import { issueUpdate } from './issue-update.js';
import { prComment } from './pr-comment.js';
import { prFeedback } from './pr-feedback.js';
import { prList } from './pr-list.js';
import { prMerge } from './pr-merge.js';
import { prOpen } from './pr-open.js';
import { prReview } from './pr-review.js';
import { prStatus } from './pr-status.js';
import { prUpdate } from './pr-update.js';

// biome-ignore lint: tools of any input type share one registry
export const tools: ToolDefinition<any, ToolDeps>[] = [
  prOpen,
  prStatus,
  prFeedback,
  ciFailures,
  prComment,
  prUpdate,
  prReview,
  prMerge,
  prList,
  issueReport,
  issueUpdate,
  issueList,
];
