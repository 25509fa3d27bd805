import t from 'tap';
import { gzipSync } from 'node:zlib';
import { detectCompression, normalizeImageRef, sandboxIdFor, buildTestImage, CniNetwork, containerdConfig, checkHostTools } from '../../src/runtime/index.js';
import { processArgs, createArgs } from '../../src/runtime/container-args.js';
import { renderResolvConf } from '../../src/runtime/pod-files.js';
import { writeTar } from '../../src/runtime/tar-writer.js';
import { execa } from 'execa';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

t.test('image refs', async (t) => {
  t.equal(normalizeImageRef('busybox'), 'docker.io/library/busybox:latest');
  t.equal(normalizeImageRef('foo/bar:1'), 'docker.io/foo/bar:1');
  t.equal(normalizeImageRef('127.0.0.1:5000/x'), '127.0.0.1:5000/x:latest');
  t.equal(normalizeImageRef('mk8s.local/busybox:latest'), 'mk8s.local/busybox:latest');
  t.equal(normalizeImageRef('localhost/a@sha256:00'), 'localhost/a@sha256:00');
});

t.test('compression magic', async (t) => {
  t.equal(detectCompression(gzipSync(Buffer.from('x'))), 'gzip');
  t.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0])), 'zstd');
  t.equal(detectCompression(Buffer.from('oci-layout')), 'none');
});

t.test('command/args follow Kubernetes semantics', async (t) => {
  const image = { entrypoint: ['/ep'], cmd: ['a'] };
  t.same(processArgs({}, image), ['/ep', 'a']);
  t.same(processArgs({ args: ['b'] }, image), ['/ep', 'b']);
  t.same(processArgs({ command: ['sh'] }, image), ['sh']);
  t.same(processArgs({ command: ['sh'], args: ['-c', 'x'] }, image), ['sh', '-c', 'x']);
});

t.test('ctr create arguments', async (t) => {
  const sandbox = { id: 'mk8s-abc', netnsPath: '/var/run/netns/mk8s-abc', ip: '10.42.0.2', ips: ['10.42.0.2'], uid: 'abc', namespace: 'ns', name: 'p', hostNetwork: false, hostname: 'p', createdAt: '' };
  const args = createArgs({
    id: 'c1', sandbox, sandboxDir: '/s', imageRef: 'img:1', image: { entrypoint: [], cmd: ['sh'], env: [], workingDir: '' },
    spec: { name: 'c', image: 'img:1', logPath: '/l', env: { A: '1' }, memoryLimitBytes: 1000, cpuQuota: 50000, mounts: [{ hostPath: '/h', containerPath: '/c', readOnly: true }] },
  });
  t.ok(args.includes('network:/var/run/netns/mk8s-abc'));
  t.ok(args.includes('uts:/s/uts'));
  t.ok(args.includes('type=bind,src=/h,dst=/c,options=rbind:ro'));
  t.ok(args.includes('io.mk8s.pod.uid=abc'));
  t.same(args.slice(-3), ['img:1', 'c1', 'sh']);
  t.throws(() => createArgs({ id: 'c', sandbox, sandboxDir: '/s', imageRef: 'i', image: { entrypoint: [], cmd: [], env: [], workingDir: '' }, spec: { name: 'c', image: 'i', logPath: '/l' } }), /gives a command/);
});

t.test('sandbox ids, resolv.conf, conflist, containerd config', async (t) => {
  t.equal(sandboxIdFor('0F1E2D3C-4B5A-6978-8796-a5b4c3d2e1f0'), 'mk8s-0f1e2d3c4b5a');
  t.equal(renderResolvConf({ nameservers: ['10.43.0.10'], searches: ['default.svc.cluster.local'], options: [{ name: 'ndots', value: '5' }] }, 'host'),
    'search default.svc.cluster.local\nnameserver 10.43.0.10\noptions ndots:5\n');
  t.equal(renderResolvConf(undefined, 'nameserver 1.1.1.1\n'), 'nameserver 1.1.1.1\n');
  const list = new CniNetwork({ podCidr: '10.42.7.0/24', dataDir: '/d' }).conflist();
  t.match(list.plugins[0], { type: 'bridge', bridge: 'mk8s0', isGateway: true, ipMasq: false, ipam: { type: 'host-local', ranges: [[{ subnet: '10.42.7.0/24' }]] } });
  t.match(list.plugins[1], { type: 'portmap' });
  t.match(containerdConfig('/x'), /disabled_plugins = \["io.containerd.grpc.v1.cri"/);
});

t.test('host tools check names the Debian packages', async (t) => {
  await t.rejects(checkHostTools({ path: '/nonexistent', cniPluginDir: '/nonexistent' }), /apt-get install -y containerd runc iptables iproute2 util-linux containernetworking-plugins/);
});

t.test('tar writer output reads back with the system tar; test image is deterministic', async (t) => {
  const dir = await mkdtemp(`${tmpdir()}/mk8s-tar-`);
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(`${dir}/a.tar`, writeTar([{ name: 'd/', type: 'dir' }, { name: 'd/f', type: 'file', data: Buffer.from('hello') }, { name: 'd/l', type: 'symlink', linkname: 'f' }]));
  const { stdout } = await execa('tar', ['tvf', `${dir}/a.tar`]);
  t.match(stdout, /d\/f/);
  t.match(stdout, /d\/l -> f/);
  const [a, b] = await Promise.all([buildTestImage(), buildTestImage()]);
  t.ok(a.equals(b), 'same bytes twice');
  await writeFile(`${dir}/img.tar`, a);
  const list = (await execa('tar', ['tf', `${dir}/img.tar`])).stdout.split('\n');
  t.ok(list.includes('index.json') && list.includes('oci-layout'));
});
