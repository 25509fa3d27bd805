/** Secret defaults: type Opaque. */
import { setDefault, type JsonObject } from './json.js';

export function defaultSecret(secret: JsonObject): void {
  setDefault(secret, 'type', 'Opaque');
}
