import t from 'tap';
import { defaultImagePullPolicy, imageTag } from '../../../src/api/defaults/image-pull-policy.js';

t.test('pull policy from the image reference', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['nginx', 'latest', 'Always'],
    ['nginx:latest', 'latest', 'Always'],
    ['nginx:1.27', '1.27', 'IfNotPresent'],
    ['docker.io/library/nginx', 'latest', 'Always'],
    ['localhost:5000/app', 'latest', 'Always'],
    ['localhost:5000/app:v2', 'v2', 'IfNotPresent'],
    ['ghcr.io/acme/app@sha256:abc', '', 'IfNotPresent'],
    ['ghcr.io/acme/app:latest@sha256:abc', 'latest', 'Always'],
  ];
  for (const [image, tag, policy] of cases) {
    t.equal(imageTag(image), tag, `tag of ${image}`);
    t.equal(defaultImagePullPolicy(image), policy, `policy of ${image}`);
  }
});
