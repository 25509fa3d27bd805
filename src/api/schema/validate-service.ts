/**
 * Service rules: ports in range, at least one port (except ExternalName and headless), names
 * required and unique with more than one port, no port/protocol twice.
 */
import type { StatusCause } from '../../errors.js';
import { child, duplicate, index, invalid, required } from './causes.js';
import { isValidPortNum } from './name-rules.js';

type Obj = Record<string, unknown>;

export function validateServiceSpec(spec: unknown, path: string): StatusCause[] {
  const s = spec !== null && typeof spec === 'object' ? (spec as Obj) : {};
  const causes: StatusCause[] = [];
  const ports = Array.isArray(s.ports) ? (s.ports.filter((p) => p !== null && typeof p === 'object') as Obj[]) : [];
  const portsPath = child(path, 'ports');
  const needsPorts = s.type !== 'ExternalName' && s.clusterIP !== 'None';
  if (ports.length === 0 && needsPorts) causes.push(required(portsPath));
  const names = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, i) => {
    const at = index(portsPath, i);
    const name = typeof port.name === 'string' ? port.name : '';
    if (ports.length > 1 && !name) causes.push(required(child(at, 'name')));
    if (name) {
      if (names.has(name)) causes.push(duplicate(child(at, 'name'), name));
      names.add(name);
    }
    if (typeof port.port === 'number') {
      for (const msg of isValidPortNum(port.port)) causes.push(invalid(child(at, 'port'), port.port, msg));
    } else if (port.port === undefined || port.port === null) {
      causes.push(required(child(at, 'port')));
    }
    if (typeof port.targetPort === 'number' && port.targetPort !== 0) {
      for (const msg of isValidPortNum(port.targetPort)) causes.push(invalid(child(at, 'targetPort'), port.targetPort, msg));
    }
    if (typeof port.nodePort === 'number' && port.nodePort !== 0) {
      for (const msg of isValidPortNum(port.nodePort)) causes.push(invalid(child(at, 'nodePort'), port.nodePort, msg));
    }
    const protocol = typeof port.protocol === 'string' && port.protocol ? port.protocol : 'TCP';
    const key = `${String(port.port)}/${protocol}`;
    if (keys.has(key)) causes.push(duplicate(at, key));
    keys.add(key);
  });
  return causes;
}
