/**
 * The shape of the type tables: one table per API type, each field with its JSON name, its
 * type and its protobuf field number (as in upstream's generated.proto files).
 *
 * One table feeds three things: the JSON schema used for validation (unknown fields are
 * errors under fieldValidation=Strict), the OpenAPI v3 documents kubectl reads, and the
 * protobuf decoder for the bodies kubectl 1.32+ sends.
 */

/** Scalar kinds, as they appear in JSON and on the protobuf wire. */
export type Scalar =
  | 'string' // JSON string; proto string (wire type 2)
  | 'int32' // JSON integer; proto varint
  | 'int64' // JSON integer; proto varint
  | 'bool' // JSON boolean; proto varint
  | 'double' // JSON number; proto fixed64
  | 'bytes' // JSON base64 string; proto bytes
  | 'quantity' // resource.Quantity: JSON string or number; proto message { string string = 1 }
  | 'intOrString' // JSON integer or string; proto message { int64 type = 1; int32 intVal = 2; string strVal = 3 }
  | 'time' // metav1.Time: JSON RFC 3339 string or null; proto message { int64 seconds = 1; int32 nanos = 2 }
  | 'microTime' // metav1.MicroTime: same wire shape as time, JSON with microseconds
  | 'duration' // metav1.Duration: JSON string ("1m30s"); proto message { int64 duration = 1 } in nanoseconds
  | 'any'; // free-form JSON (runtime.RawExtension, JSON); proto message { bytes raw = 1 } holding JSON

/** A field's type: a scalar, a reference to another table, a list, or a string-keyed map. */
export type FieldType =
  | Scalar
  | { ref: string }
  | { list: FieldType }
  | { map: FieldType }; // proto: repeated entry message { key = 1 (string); value = 2 }

export interface FieldOptions {
  /** Required by validation (upstream's "required" in the OpenAPI schema). */
  required?: boolean;
  /** Allowed string values, where upstream documents a closed set. */
  enum?: readonly string[];
  /** Strategic merge: the list's merge key (containers: "name", ports: "containerPort", ...). */
  mergeKey?: string;
  /** Strategic merge: "merge" or "replace" (upstream's patchStrategy); "retainKeys" too. */
  patchStrategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  /** x-kubernetes-list-type for server-side apply: atomic, set, map. */
  listType?: 'atomic' | 'set' | 'map';
  /** x-kubernetes-list-map-keys when listType is "map". */
  listMapKeys?: readonly string[];
  /** One line for `kubectl explain`; our own words. */
  description?: string;
}

/** One field: [type, protobuf field number, options]. */
export type Field = readonly [FieldType, number, FieldOptions?];

/** A type table: JSON field name → field. */
export type TypeTable = Readonly<Record<string, Field>>;

/** All tables by type name, e.g. "io.k8s.api.core.v1.PodSpec" shortened to "core.v1.PodSpec". */
export type TypeRegistry = Readonly<Record<string, TypeTable>>;
