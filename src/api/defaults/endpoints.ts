/** Endpoints and EndpointSlice port defaults: protocol TCP (and, for slices, name ""). */
import { objectsAt, setDefault, type JsonObject } from './json.js';

export function defaultEndpoints(endpoints: JsonObject): void {
  for (const subset of objectsAt(endpoints, 'subsets')) {
    for (const port of objectsAt(subset, 'ports')) setDefault(port, 'protocol', 'TCP');
  }
}

export function defaultEndpointSlice(slice: JsonObject): void {
  for (const port of objectsAt(slice, 'ports')) {
    if (port.name === undefined || port.name === null) port.name = '';
    setDefault(port, 'protocol', 'TCP');
  }
}
