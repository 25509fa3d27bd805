export { startServiceProxy, type ServiceProxy, type ServiceProxyOptions, type ProxyStats } from './service-proxy.js';
export { cleanupServiceProxy, cleanupRuleset, staleCniRuleset } from './cleanup.js';
export { buildRuleset, type Ruleset } from './ruleset.js';
export { servicePorts, allServicePorts } from './service-ports.js';
export { createIptablesRunner, IptablesError, type IptablesRunner } from './iptables-runner.js';
export { enableNetworkSysctls } from './network-sysctls.js';
export type { ProxyServicePort, ProxyEndpoint } from './types.js';
