export type * from './meta.js';
export type * from './pod.js';
export type * from './node.js';
export type * from './apps.js';
export type * from './config.js';
export type * from './batch.js';
export type * from './service.js';
export type * from './policy.js';
