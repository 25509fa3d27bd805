export { startRouteSync, routesFile, type RouteSync, type RouteSyncOptions } from './route-sync.js';
export { desiredRoutes } from './desired-routes.js';
export { createIpRunner, type IpRunner } from './ip-runner.js';
export { cleanupRoutes } from './cleanup-routes.js';
