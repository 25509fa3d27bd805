import { ApiError, type StatusCause } from '../../errors.js';

/**
 * The 409 upstream answers for conflicting applies:
 * `Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas`.
 */
export function applyConflictError(conflicts: readonly StatusCause[]): ApiError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: ${conflicts[0].message}: ${conflicts[0].field}`;
  } else {
    const byOwner = new Map<string, string[]>();
    for (const c of conflicts) byOwner.set(c.message, [...(byOwner.get(c.message) ?? []), c.field ?? '']);
    const lines: string[] = [];
    for (const owner of [...byOwner.keys()].sort()) {
      lines.push(`${owner.replace(/^conflict with/, 'conflicts with')}:`);
      for (const field of byOwner.get(owner)!) lines.push(`- ${field}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes: [...conflicts] });
}
