import { approvalList } from './approval-list.js';
import { approvalRequest } from './approval-request.js';
import { approvalWait } from './approval-wait.js';
import { messagesRead } from './messages-read.js';
import { notify } from './notify.js';

/** With a bot token: everything. */
export const botTools = [notify, approvalRequest, approvalWait, approvalList, messagesRead];

/** With only DISCORD_WEBHOOK_URL: a webhook can post but cannot receive clicks or read a channel. */
export const webhookTools = [notify];
