import { boardView } from './board-view.js';
import { featureClaim } from './feature-claim.js';
import { featureCreate } from './feature-create.js';
import { featureDelete } from './feature-delete.js';
import { featureGet } from './feature-get.js';
import { featureList } from './feature-list.js';
import { featureLog } from './feature-log.js';
import { featureMove } from './feature-move.js';
import { featureRelease } from './feature-release.js';
import { featureUpdate } from './feature-update.js';

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
];
