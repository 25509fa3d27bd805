import t from 'tap';
import { buildContainerSpec } from '../../src/agent/container-spec.js';

const build = (podSecurity?: object, containerSecurity?: object) =>
  buildContainerSpec({
    pod: { metadata: { namespace: 'ns', name: 'p' }, spec: { securityContext: podSecurity } },
    container: { name: 'c', image: 'img', securityContext: containerSecurity },
    env: {}, mounts: [], attempt: 0, logPath: '/l',
  }).spec;

t.test('securityContext: runAsUser, runAsGroup and supplementalGroups become the runtime user', async (t) => {
  t.equal(build().user, undefined, 'no securityContext: no user (the image runs as it is)');
  t.same(build(undefined, { runAsUser: 1000, runAsGroup: 3000 }).user, { uid: 1000, gid: 3000 });
  t.same(build({ runAsUser: 1000 }).user, { uid: 1000, gid: 0 }, 'pod-level runAsUser, gid 0 without runAsGroup');
  t.same(build({ runAsUser: 1000, runAsGroup: 3000 }, { runAsUser: 2000 }).user, { uid: 2000, gid: 3000 }, 'the container overrides the pod field by field');
  t.same(build({ supplementalGroups: [4000, 5000] }).user, { uid: 0, gid: 0, supplementalGroups: [4000, 5000] }, 'supplementalGroups alone');
  t.same(build({ runAsGroup: 3000 }).user, { uid: 0, gid: 3000 }, 'runAsGroup alone');
});

t.test('securityContext: privileged and readOnlyRootFilesystem', async (t) => {
  const spec = build(undefined, { privileged: true, readOnlyRootFilesystem: true, runAsUser: 1000 });
  t.equal(spec.privileged, true);
  t.equal(spec.readOnlyRootfs, true);
  t.same(spec.user, { uid: 1000, gid: 0 });
});
