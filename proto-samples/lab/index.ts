/** The demo lab's public API, used by the engine's, CLI's and e2e tests and by `npm start`. */
export { startBackend } from './backend';
export type { Backend, BackendOptions } from './backend';
export { BACKEND_HEADER } from './backend-interceptor';
export type { BackendBehavior } from './backend-interceptor';
export { startL4Proxy } from './l4-proxy';
export type { L4Proxy, L4ProxyOptions } from './l4-proxy';
export { DEFAULT_LAB_HOSTS, startLab } from './lab';
export type { Lab, LabOptions } from './lab';
export type { ReflectionMode } from './reflection';
export { LAB_ERROR_DOMAIN } from './rpc-errors';
export type { InjectedFailure } from './rpc-errors';
export { labCertificates } from './tls';
export type { LabCertificates, LabTlsOptions } from './tls';
export { DIRECTORY_SIZE } from './directory';
export { methodDefinition, serviceDefinition } from './grpc-service';
