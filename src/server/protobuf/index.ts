/** Decoding of `application/vnd.kubernetes.protobuf` bodies by the type tables. */
export { decodeKubernetesProtobuf, PROTOBUF_MAGIC, type ResolveType } from './decode-kubernetes-protobuf.js';
export { decodeMessage } from './decode-message.js';
export { ProtoReader, ProtoError } from './proto-reader.js';
export { formatGoDuration, formatTimestamp } from './scalar-format.js';
export { pruneGoZeroValues } from './prune-go-zero-values.js';
