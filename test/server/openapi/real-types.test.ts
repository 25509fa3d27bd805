import t from 'tap';
import { RESOURCES } from '../../../src/api/kinds.js';
import { TYPES } from '../../../src/api/types/index.js';
import { createOpenApiCache } from '../../../src/server/openapi/index.js';

t.test('every served group-version has a document with a fieldValidation-aware PATCH per kind', async (t) => {
  const cache = createOpenApiCache(TYPES, RESOURCES);
  const index = cache.index();
  t.same(Object.keys(index.paths), ['api/v1', 'apis/apps/v1', 'apis/autoscaling/v1', 'apis/autoscaling/v2', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/events.k8s.io/v1']);
  for (const r of RESOURCES) {
    const key = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    const built = cache.document(key);
    t.ok(built, `${key} builds`);
    const doc = JSON.parse(built?.json ?? '{}') as { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; 'x-kubernetes-group-version-kind'?: Record<string, string> }>>; components: { schemas: Record<string, unknown> } };
    const patches = Object.values(doc.paths)
      .map((item) => item.patch)
      .filter((op) => op && op['x-kubernetes-group-version-kind']?.kind === r.kind && op['x-kubernetes-group-version-kind']?.group === r.group);
    t.ok(patches.length > 0, `${r.kind} ${key} has a PATCH`);
    t.ok(patches[0]?.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query'), `${r.kind} PATCH takes fieldValidation`);
    const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[^"]+/g) ?? [];
    for (const ref of new Set(refs)) t.ok(doc.components.schemas[ref.slice('#/components/schemas/'.length)], `${key}: ${ref} resolves`);
  }
});
