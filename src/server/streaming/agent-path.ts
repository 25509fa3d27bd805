import type { RequestInfo } from '../http/request-info.js';

const LOG_PARAMS = ['follow', 'tailLines', 'sinceSeconds', 'sinceTime', 'timestamps', 'previous', 'limitBytes'];
const COMMAND_PARAMS = ['command', 'stdin', 'stdout', 'stderr', 'tty'];

/** The agent's (kubelet's) path for a pod's log, exec, attach or portforward request. */
export function agentPath(info: RequestInfo, query: URLSearchParams): string | undefined {
  const ns = info.namespace;
  const pod = info.name;
  if (info.resource !== 'pods' || info.group !== '' || !ns || !pod) return undefined;
  const container = query.get('container') ?? '';
  const seg = (s: string) => encodeURIComponent(s);
  const base = (kind: string) => `/${kind}/${seg(ns)}/${seg(pod)}${container ? `/${seg(container)}` : ''}`;
  switch (info.subresource) {
    case 'log':
      return base('containerLogs') + pick(query, LOG_PARAMS);
    case 'exec':
      return base('exec') + pick(query, COMMAND_PARAMS);
    case 'attach':
      return base('attach') + pick(query, COMMAND_PARAMS);
    case 'portforward':
      return `/portForward/${seg(ns)}/${seg(pod)}` + pick(query, ['port', 'ports']);
    default:
      return undefined;
  }
}

function pick(query: URLSearchParams, names: string[]): string {
  const out = new URLSearchParams();
  for (const name of names) for (const value of query.getAll(name)) out.append(name, value);
  const text = out.toString();
  return text ? `?${text}` : '';
}
