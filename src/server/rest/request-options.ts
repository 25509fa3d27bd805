/** Who is asking, and how: what every API operation receives besides its object. */
export interface UserInfo {
  name: string;
  groups: string[];
  /** For node credentials: the node the caller is. */
  nodeName?: string;
}

export interface WriteOptions {
  user?: UserInfo;
  dryRun?: boolean;
  fieldManager?: string;
  /** Strict (default for kubectl), Warn, Ignore. */
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  userAgent?: string;
  /** Warnings to send back as `Warning:` headers. */
  warnings?: string[];
  /** The input object is the caller's to give away (a freshly decoded request body): the write may change it instead of copying it. */
  ownedInput?: boolean;
}

export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
}

/** The manager name upstream derives from the user agent ("kubectl-client-side-apply/v1.32.0 (linux/amd64) ..." → "kubectl-client-side-apply"). */
export function managerOf(options: WriteOptions): string {
  if (options.fieldManager) return options.fieldManager;
  const ua = options.userAgent ?? 'unknown';
  return ua.split('/')[0] || 'unknown';
}
