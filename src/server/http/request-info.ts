/** What a request path names, in upstream's terms (RequestInfo). */
export interface RequestInfo {
  isResource: boolean;
  path: string;
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** get, list, watch, create, update, patch, delete, deletecollection */
  verb: string;
}

/** Parses "/api/v1/namespaces/ns/pods/name/status" and "/apis/apps/v1/deployments". */
export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const info: RequestInfo = { isResource: false, path: pathname, group: '', version: '', resource: '', verb: method.toLowerCase() };
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    info.version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    info.group = parts[1];
    info.version = parts[2];
    rest = parts.slice(3);
  } else {
    return info;
  }
  info.isResource = true;
  if (rest[0] === 'namespaces' && rest.length >= 3 && rest[2] !== 'status' && rest[2] !== 'finalize') {
    info.namespace = rest[1];
    [info.resource, info.name, info.subresource] = [rest[2], rest[3], rest.slice(4).join('/') || undefined];
  } else {
    [info.resource, info.name, info.subresource] = [rest[0], rest[1], rest.slice(2).join('/') || undefined];
    if (info.resource === 'namespaces' && info.name) info.namespace = undefined;
  }
  const watch = query.get('watch');
  const isWatch = watch === 'true' || watch === '1';
  switch (method) {
    case 'GET':
    case 'HEAD':
      info.verb = info.name ? (isWatch ? 'watch' : 'get') : isWatch ? 'watch' : 'list';
      break;
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
  }
  return info;
}
