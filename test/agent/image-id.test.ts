import t from 'tap';
import { imageIdOf } from '../../src/agent/image-id.js';

t.test('imageID is the repository digest of the full reference', async (t) => {
  const d = 'sha256:' + 'a'.repeat(64);
  t.equal(imageIdOf('docker.io/library/busybox:1.36', d), `docker.io/library/busybox@${d}`);
  t.equal(imageIdOf('127.0.0.1:5000/mk8s-e2e/busybox:v1', d), `127.0.0.1:5000/mk8s-e2e/busybox@${d}`, 'a registry port is not a tag');
  t.equal(imageIdOf('localhost:5000/busybox', d), `localhost:5000/busybox@${d}`, 'no tag');
  t.equal(imageIdOf(`mk8s.local/busybox@${d}`, d), `mk8s.local/busybox@${d}`, 'already by digest');
});
