/** Options of applyDefaults. */
export interface DefaultsOptions {
  /** tolerationSeconds of the default `node.kubernetes.io/not-ready` NoExecute toleration (default 300). */
  notReadyTolerationSeconds?: number;
  /** tolerationSeconds of the default `node.kubernetes.io/unreachable` NoExecute toleration (default 300). */
  unreachableTolerationSeconds?: number;
  /**
   * "create" (default) also applies what upstream does only at creation (admission plugins and
   * create strategies: pod service account, priority, tolerations; namespace finalizer).
   */
  operation?: 'create' | 'update';
}
