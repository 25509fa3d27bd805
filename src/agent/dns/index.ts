export { startClusterDns, type ClusterDns, type ClusterDnsOptions, type ClusterDnsStats } from './start-cluster-dns.js';
export { ensureDnsAddress, removeDnsAddress, type DnsAddress, type DnsAddressOptions } from './dns-address.js';
export { podResolvConf, parseResolvConf, type PodResolvConfOptions } from './pod-resolv-conf.js';
export { nodeUpstreams, parseNameservers } from './node-upstreams.js';
export { ClusterIndex, SERVICE_NAME_LABEL, type WatchedKind } from './cluster-index.js';
export { resolveCluster, type ClusterAnswer } from './resolve-cluster.js';
export { encodeMessage, decodeMessage } from './dns-codec.js';
export { RecordType, RecordClass, Rcode, DnsFormatError, type DnsMessage, type Question, type ResourceRecord } from './dns-types.js';
export type { ListenAddress } from './dns-server.js';
