/**
 * Label key and value syntax, as the API server checks it: a key is an optional DNS-subdomain
 * prefix and `/`, then a name of at most 63 characters; a value is empty or a name-like string of
 * at most 63 characters. Each check returns the reason it failed, or undefined.
 */

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_MAX = 63;
const PREFIX_MAX = 253;

const NAME_HINT =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** Why `key` is not a valid label key, or undefined when it is. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    if (prefix.length === 0) return 'prefix part must be non-empty';
    const prefixError = dnsSubdomainError(prefix);
    if (prefixError) return `prefix part ${prefixError}`;
    name = rest;
  } else if (parts.length > 2) {
    return `a qualified name ${NAME_HINT} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > NAME_MAX) return `name part must be no more than ${NAME_MAX} characters`;
  if (!NAME_RE.test(name)) return `name part ${NAME_HINT} (e.g. 'MyName', or 'my.name', or '123-abc')`;
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is. */
export function labelValueError(value: string): string | undefined {
  if (value.length > NAME_MAX) return `must be no more than ${NAME_MAX} characters`;
  if (value.length > 0 && !NAME_RE.test(value)) {
    return `a valid label ${NAME_HINT} (e.g. 'MyValue', or 'my_value', or '12345')`;
  }
  return undefined;
}

function dnsSubdomainError(s: string): string | undefined {
  if (s.length > PREFIX_MAX) return `must be no more than ${PREFIX_MAX} characters`;
  if (!s.split('.').every((label) => DNS1123_LABEL_RE.test(label))) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  return undefined;
}
