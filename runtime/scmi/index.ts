export type * from './config.js';
export * from './constants.js';
export { ScmiFirmware, type SmtEntry } from './firmware.js';
export * from './header.js';
export * from './msg.js';
export * from './optee-server.js';
export { PROTOCOL_BY_ID, PROTOCOLS } from './protocols/index.js';
export { ScmiServer } from './server.js';
export * from './smt.js';
