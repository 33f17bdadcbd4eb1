/**
 * The public face of the contract between every front end and the engine: import from
 * `shared/api`, not from its domain files (docs/architecture.md, "The operation table").
 */
export * from './connection';
export * from './schemas';
export * from './calls';
export * from './health';
export * from './lens';
export * from './collections';
export * from './cluster';
export * from './workspace';
export * from './host';
export * from './operations';
export * from './errors';
export * from './wire';
export * from './dispatch';
export * from './client';
export * from './large-values';
export * from './start-state';
