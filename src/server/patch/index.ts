/** Patch flavours the API accepts, and server-side apply's field ownership. */
export { applyJsonPatch, type JsonPatchOperation } from './json-patch.js';
export { applyMergePatch } from './merge-patch.js';
export { applyStrategicMergePatch } from './strategic-merge-patch.js';
export { applyServerSideApply, type ServerSideApplyOptions, type ServerSideApplyResult } from './server-side-apply.js';
export { updateManagedFields, type UpdateManagedFieldsOptions } from './update-managed-fields.js';
export { applyConflictError } from './apply-conflict-error.js';
export { FieldSet, fieldPathString, type FieldPath } from './field-set.js';
export { decodeManagedFields, encodeManagedFields, type FieldManager, type ManagedFieldsEntry } from './managed-fields.js';
