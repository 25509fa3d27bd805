/**
 * Schema validation of whole objects against the type tables, with ajv. Each kind's schema is
 * compiled on first use and kept, so server start-up pays nothing for kinds never written.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from 'ajv';
import type { StatusCause } from '../../errors.js';
import type { TypeRegistry } from '../types/format.js';
import { BASE64_PATTERN, DATE_TIME_PATTERN, QUANTITY_PATTERN, tableSchema, type JsonSchema } from './json-schema.js';
import { invalid, notSupported, required } from './causes.js';
import { joinField, resolvePointer } from './field-path.js';

export interface SchemaValidationResult {
  /** Dotted paths of fields no table knows (`spec.template.spec.containers[0].foo`). */
  unknownFields: string[];
  /** Type, required and enum violations. */
  causes: StatusCause[];
}

export interface ValidateOptions {
  /** When false, unknown fields are not reported (fieldValidation=Ignore); Warn and Strict pass true. */
  strict: boolean;
}

export interface SchemaValidator {
  validate(kindType: string, obj: unknown, options: ValidateOptions): SchemaValidationResult;
}

const PATTERN_MESSAGES: Record<string, string> = {
  [QUANTITY_PATTERN]: `quantities must match the regular expression '${QUANTITY_PATTERN}'`,
  [BASE64_PATTERN]: 'illegal base64 data',
  [DATE_TIME_PATTERN]: 'must be an RFC 3339 date-time (e.g. 2006-01-02T15:04:05Z)',
};

/** A validator over `registry`; `validate` throws if `kindType` names no table. */
export function createValidator(registry: TypeRegistry, options: { prebuilt?: string | false } = {}): SchemaValidator {
  // ajv is loaded with the first validation that has no prebuilt validator, not at start: an idle
  // server (and every CLI command) does not carry it. It is CommonJS, so a synchronous require does.
  let ajv: AjvClass | undefined;
  const compiled = new Map<string, ValidateFunction>();
  const require = createRequire(import.meta.url);
  const prebuiltDir = options.prebuilt === false ? undefined : (options.prebuilt ?? findPrebuiltValidators());

  function compiledFor(kindType: string): ValidateFunction {
    let fn = compiled.get(kindType);
    if (!fn) {
      if (!registry[kindType]) throw new Error(`type "${kindType}" is not in the type registry`);
      const file = prebuiltDir && `${prebuiltDir}/${kindType}.cjs`;
      if (file && existsSync(file)) {
        fn = (require(file) as { validate: ValidateFunction }).validate;
      } else {
        if (!ajv) {
          const { Ajv } = require('ajv') as typeof import('ajv');
          ajv = new Ajv(AJV_OPTIONS);
          // One schema holds every table, so kinds compiled later reuse the shared parts.
          ajv.addSchema(sharedSchema(registry));
        }
        fn = ajv.compile(kindSchema(kindType));
      }
      compiled.set(kindType, fn);
    }
    return fn;
  }

  return {
    validate(kindType, obj, options) {
      const fn = compiledFor(kindType);
      const unknownFields: string[] = [];
      const causes: StatusCause[] = [];
      if (fn(obj)) return { unknownFields, causes };
      const seen = new Set<string>();
      for (const error of fn.errors ?? []) {
        if (error.keyword === 'additionalProperties') {
          if (!options.strict) continue;
          const { path } = resolvePointer(obj, error.instancePath);
          const field = joinField(path, String((error.params as { additionalProperty: string }).additionalProperty));
          if (!unknownFields.includes(field)) unknownFields.push(field);
          continue;
        }
        const cause = causeOf(obj, error);
        if (!cause) continue;
        const id = `${cause.field}\u0000${cause.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        causes.push(cause);
      }
      return { unknownFields, causes };
    },
  };
}

export const SHARED_ID = 'mk8s-types';

/** The ajv options of the run-time compile and of the build's standalone code (same errors). */
export const AJV_OPTIONS = { allErrors: true, strict: false, validateSchema: false } as const;

/** The schema validating a whole object of `kindType` (a reference into the shared schema). */
export function kindSchema(kindType: string): JsonSchema {
  return { $ref: `${SHARED_ID}#/definitions/${kindType}`, type: 'object' } as JsonSchema;
}

/**
 * `dist/validators/` as `npm run build` (scripts/build-validators.mjs) leaves it, seen from this
 * module: one folder up from the bundle (`dist/bundle/`), three from the compiled module
 * (`dist/src/api/schema/`). Undefined when absent (running from the TypeScript source).
 */
export function findPrebuiltValidators(moduleUrl = import.meta.url): string | undefined {
  const here = dirname(fileURLToPath(moduleUrl));
  return [resolve(here, '..', 'validators'), resolve(here, '..', '..', '..', 'validators')].find((dir) => existsSync(dir));
}

export function sharedSchema(registry: TypeRegistry): JsonSchema {
  const definitions: Record<string, JsonSchema> = {};
  for (const name of Object.keys(registry)) definitions[name] = tableSchema(registry, name);
  return { $id: SHARED_ID, definitions };
}

function causeOf(root: unknown, error: ErrorObject): StatusCause | undefined {
  const { path, value } = resolvePointer(root, error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return required(joinField(path, String(params.missingProperty)));
    case 'type': {
      if (value === null || value === undefined) return required(path);
      const wanted = String(params.type)
        .split(',')
        .filter((t) => t !== 'null')
        .join(' or ');
      return invalid(path, value, `must be of type ${wanted}`);
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).filter((v): v is string => typeof v === 'string' && v !== '');
      return notSupported(path, value, allowed);
    }
    case 'pattern': {
      const pattern = String(params.pattern);
      return invalid(path, value, PATTERN_MESSAGES[pattern] ?? `must match the regular expression '${pattern}'`);
    }
    default:
      return invalid(path, value, error.message ?? 'invalid');
  }
}
