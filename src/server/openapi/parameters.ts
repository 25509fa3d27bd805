/**
 * The query and path parameters of the API's operations, written inline (kubectl's
 * field-validation probe reads `parameters[].name` of PATCH operations directly).
 */

export type OpenApiParameter = Record<string, unknown>;

function query(name: string, type: 'string' | 'boolean' | 'integer', description: string): OpenApiParameter {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

export const PRETTY = query('pretty', 'string', "If 'true', then the output is pretty printed.");
export const DRY_RUN = query('dryRun', 'string', 'When present, the request is validated and processed but nothing is persisted. The only valid value is All.');
export const FIELD_MANAGER = query('fieldManager', 'string', 'The name of the actor making the change, recorded in managedFields.');
export const FIELD_VALIDATION = query(
  'fieldValidation',
  'string',
  'How the server treats unknown or duplicate fields in the body: Ignore, Warn (the default), or Strict (reject the request).',
);
export const FORCE = query('force', 'boolean', 'Server-side apply only: take ownership of fields other managers own.');
export const GRACE_PERIOD_SECONDS = query('gracePeriodSeconds', 'integer', 'Seconds before the object is deleted; zero deletes at once.');
export const PROPAGATION_POLICY = query('propagationPolicy', 'string', 'Whether and how dependents are deleted: Orphan, Background or Foreground.');
export const ORPHAN_DEPENDENTS = query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy.');

export const LIST_PARAMETERS: readonly OpenApiParameter[] = [
  query('allowWatchBookmarks', 'boolean', 'Ask for BOOKMARK watch events.'),
  query('continue', 'string', 'The continue token of the previous page of a chunked list.'),
  query('fieldSelector', 'string', 'Restrict the list by fields (e.g. metadata.name=x).'),
  query('labelSelector', 'string', 'Restrict the list by labels (e.g. app=web).'),
  query('limit', 'integer', 'Most items to return in one response.'),
  query('resourceVersion', 'string', 'Constrains which resource versions the request may be served from.'),
  query('resourceVersionMatch', 'string', 'How resourceVersion is applied: Exact or NotOlderThan.'),
  query('sendInitialEvents', 'boolean', 'Watch only: start with synthetic events for the current state.'),
  query('timeoutSeconds', 'integer', 'Timeout of the list or watch call.'),
  query('watch', 'boolean', 'Watch for changes instead of listing.'),
];

export const WRITE_PARAMETERS: readonly OpenApiParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
export const PATCH_PARAMETERS: readonly OpenApiParameter[] = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];
export const DELETE_PARAMETERS: readonly OpenApiParameter[] = [DRY_RUN, GRACE_PERIOD_SECONDS, ORPHAN_DEPENDENTS, PROPAGATION_POLICY];

export function pathParameter(name: string, description: string): OpenApiParameter {
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

export const NAME = (kind: string): OpenApiParameter => pathParameter('name', `name of the ${kind}`);
export const NAMESPACE = pathParameter('namespace', 'object name and auth scope, such as for teams and projects');
