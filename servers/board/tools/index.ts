import { boardView } from './board-view.js';
import { featureClaim } from './feature-claim.js';
import { featureCreate } from './feature-create.js';
import { featureDelete } from './feature-delete.js';
import { featureFinish } from './feature-finish.js';
import { featureGet } from './feature-get.js';
import { featureList } from './feature-list.js';
import { featureLog } from './feature-log.js';
import { featureMove } from './feature-move.js';
import { featureRelease } from './feature-release.js';
import { featureUpdate } from './feature-update.js';
import { featureVerify } from './feature-verify.js';
import { worktreeCreate } from './worktree-create.js';
import { worktreeList } from './worktree-list.js';
import { worktreeMerge } from './worktree-merge.js';
import { worktreeRemove } from './worktree-remove.js';
import { worktreeStatus } from './worktree-status.js';

export const boardTools = [
  boardView,
  featureList,
  featureGet,
  featureCreate,
  featureUpdate,
  featureMove,
  featureDelete,
  featureClaim,
  featureRelease,
  featureLog,
  featureVerify,
  worktreeCreate,
  worktreeList,
  worktreeStatus,
  worktreeMerge,
  featureFinish,
  worktreeRemove,
];
