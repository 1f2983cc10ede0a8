import { backupCreate } from './backup-create.js';
import { backupDelete } from './backup-delete.js';
import { backupList } from './backup-list.js';
import { backupRestore } from './backup-restore.js';
import { clusterStatus } from './cluster-status.js';
import { containerCreate } from './container-create.js';
import { diskAdd } from './disk-add.js';
import { diskMove } from './disk-move.js';
import { diskRemove } from './disk-remove.js';
import { diskResize } from './disk-resize.js';
import { guestConfig } from './guest-config.js';
import { guestDelete } from './guest-delete.js';
import { guestList } from './guest-list.js';
import { guestPower } from './guest-power.js';
import { guestStatus } from './guest-status.js';
import { mountpointAdd } from './mountpoint-add.js';
import { mountpointRemove } from './mountpoint-remove.js';
import { networkRemove } from './network-remove.js';
import { networkSet } from './network-set.js';
import { nodeList } from './node-list.js';
import { nodeStatus } from './node-status.js';
import { snapshotCreate } from './snapshot-create.js';
import { snapshotDelete } from './snapshot-delete.js';
import { snapshotList } from './snapshot-list.js';
import { snapshotRollback } from './snapshot-rollback.js';
import { storageList } from './storage-list.js';
import { taskStatus } from './task-status.js';
import { vmClone } from './vm-clone.js';
import { vmCreate } from './vm-create.js';
import { vmidNext } from './vmid-next.js';

/** Read-only, always listed. */
export const basicTools = [
  nodeList,
  nodeStatus,
  clusterStatus,
  guestList,
  guestStatus,
  guestConfig,
  storageList,
  snapshotList,
  backupList,
  taskStatus,
  vmidNext,
];

/** Listed and callable only with PROXMOX_ALLOW_ELEVATED=true. */
export const elevatedTools = [
  guestPower,
  vmCreate,
  containerCreate,
  guestDelete,
  vmClone,
  snapshotCreate,
  snapshotRollback,
  snapshotDelete,
  backupCreate,
  backupDelete,
  backupRestore,
  diskAdd,
  diskResize,
  diskRemove,
  diskMove,
  mountpointAdd,
  mountpointRemove,
  networkSet,
  networkRemove,
];

export const tools = [...basicTools, ...elevatedTools];
