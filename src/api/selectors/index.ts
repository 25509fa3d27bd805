/** Label and field selectors: parsing, matching and string forms. */

export { parseLabelSelector } from './parse-label-selector.js';
export { labelSelectorFromObject, selectorToString } from './label-selector-from-object.js';
export type { LabelSelectorObject, LabelSelectorRequirementObject } from './label-selector-from-object.js';
export type { LabelSelector, LabelRequirement, LabelOperator, Labels } from './label-requirement.js';
export { parseFieldSelector } from './parse-field-selector.js';
export type { FieldSelector, FieldRequirement } from './parse-field-selector.js';
export { fieldSelectorFields } from './field-selector-fields.js';
export { fieldValue } from './field-value.js';
export { labelKeyError, labelValueError } from './label-validation.js';
