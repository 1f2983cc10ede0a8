import { approvalList } from './approval-list.js';
import { approvalRequest } from './approval-request.js';
import { approvalWait } from './approval-wait.js';
import { messagesRead } from './messages-read.js';
import { notify } from './notify.js';

/** With a bot token: everything. */
export const botTools = [notify, approvalRequest, approvalWait, approvalList, messagesRead];

/** With only DISCORD_WEBHOOK_URL: a webhook can post (to its own channel) but cannot receive clicks or read. */
export const webhookTools = [
  {
    ...notify,
    description:
      'Post a status message through the configured webhook (channel is only a label); returns its link. Pings nobody unless mentions is true.',
  },
];
