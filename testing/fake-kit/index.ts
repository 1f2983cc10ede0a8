// What the GitHub, Discord and Proxmox fakes share: a loopback listener and a request record. Routes, spec checks
// and faults stay in each fake.
export { listen, type Listening } from './listen.js';
export { readBody, recordBase, RequestLog, type RecordedBase } from './record.js';
