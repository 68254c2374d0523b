// The console API contract: TypeBox schemas (runtime) and their static types, for server and web.

export * from './common.js';
export * from './components.js';
export * from './disk.js';
export * from './position.js';
export * from './latency.js';
export * from './learned-state.js';
export * from './insights.js';
export * from './diff.js';
export * from './actions.js';
export * from './pins.js';
export * from './installations.js';
export * from './replication.js';
export * from './session.js';
export * from './routes.js';
