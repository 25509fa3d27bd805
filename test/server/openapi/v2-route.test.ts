import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { RESOURCES } from '../../../src/api/kinds.js';
import { TYPES } from '../../../src/api/types/index.js';
import { createRouter, type RouterOptions } from '../../../src/server/http/router.js';
import { createOpenApiV2Cache } from '../../../src/server/openapi/index.js';
import { fields, string } from './fixtures/gnostic-decode.js';

const PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'; // answered (Go's mime rejects '@')
const ASKED = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf'; // what client-go sends

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

t.test('GET /openapi/v2 and /swagger-2.0.0.pb-v1 through the router', async (t) => {
  const openapiV2 = createOpenApiV2Cache(TYPES, RESOURCES);
  const options = {
    authn: { authenticate: () => true },
    api: { resources: {} },
    log: { error: () => undefined },
    openapiV2,
  } as unknown as RouterOptions; // the /openapi/v2 route reads nothing else
  const server = createServer(createRouter(options));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Reply> =>
    new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });

  const pb = await get('/openapi/v2', { Accept: ASKED });
  t.equal(pb.status, 200);
  t.equal(pb.headers['content-type'], PROTOBUF);
  t.equal(pb.headers.etag, openapiV2.etag);
  t.equal(pb.headers.vary, 'Accept');
  t.same(pb.body, openapiV2.protobuf());
  t.equal(string(fields(pb.body), 1), '2.0');

  const dotted = await get('/openapi/v2', { Accept: PROTOBUF });
  t.equal(dotted.headers['content-type'], PROTOBUF, 'the .v1.0 spelling asks for protobuf too');

  const json = await get('/openapi/v2', { Accept: 'application/json' });
  t.equal(json.headers['content-type'], 'application/json');
  t.equal(JSON.parse(json.body.toString()).swagger, '2.0');
  t.equal((await get('/openapi/v2')).headers['content-type'], 'application/json', 'no Accept: JSON');

  const legacy = await get('/swagger-2.0.0.pb-v1');
  t.equal(legacy.status, 200);
  t.equal(legacy.headers['content-type'], PROTOBUF);
  t.same(legacy.body, openapiV2.protobuf());

  const unchanged = await get('/openapi/v2', { Accept: ASKED, 'If-None-Match': openapiV2.etag });
  t.equal(unchanged.status, 304);
  t.equal(unchanged.body.length, 0);
  t.equal((await get('/openapi/v2', { Accept: PROTOBUF, 'If-None-Match': '"other"' })).status, 200);
});
