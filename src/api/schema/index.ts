/**
 * Validation generated from the type tables: a JSON Schema per kind (ajv), and the rules the
 * schema cannot say.
 */
export { buildJsonSchema, reachableTypes, type JsonSchema } from './json-schema.js';
export { createValidator, type SchemaValidator, type SchemaValidationResult, type ValidateOptions } from './validator.js';
export { validateObject, nameRuleFor } from './validate-object.js';
export { validateObjectMeta, validateLabels, validateAnnotations, type NameRule } from './validate-meta.js';
export { validatePodSpec } from './validate-pod-spec.js';
export { selectorMatches, isEmptySelector, type LabelSelectorLike } from './label-selector-match.js';
export { isDns1123Label, isDns1123Subdomain, isDns1035Label, isQualifiedName, isValidLabelValue, isConfigMapKey, isValidPortNum } from './name-rules.js';
export { pruneUnknownFields } from './prune-unknown-fields.js';
