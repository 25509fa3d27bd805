import t from 'tap';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createArgs, containerLabels, SETUSER_IN_CONTAINER, STATE_LABELS, userFromLabel, userLabel, userPrefix } from '../../src/runtime/container-args.js';
import { findSetuserBinary, missingSetuserMessage, setuserCandidates } from '../../src/runtime/setuser-binary.js';
import type { ContainerSpec, SandboxInfo } from '../../src/runtime/types.js';

const sandbox: SandboxInfo = { id: 'mk8s-abc', netnsPath: '/var/run/netns/mk8s-abc', ip: '10.42.0.2', ips: ['10.42.0.2'], uid: 'abc', namespace: 'ns', name: 'p', hostNetwork: false, hostname: 'p', createdAt: '' };
const image = { entrypoint: [], cmd: ['sh'], env: [], workingDir: '' };
const spec = (extra: Partial<ContainerSpec> = {}): ContainerSpec => ({ name: 'c', image: 'img:1', logPath: '/l', command: ['id', '-u'], ...extra });
const create = (s: ContainerSpec, setuserBinary?: string) => createArgs({ id: 'c1', sandbox, sandboxDir: '/s', imageRef: 'img:1', image, spec: s, setuserBinary });

t.test('userPrefix: the helper, uid, gid, then gid and supplementary groups', async (t) => {
  t.same(userPrefix(undefined), [], 'no user: no prefix');
  t.same(userPrefix({ uid: 0, gid: 0 }), [], 'explicit root with no group: no prefix');
  t.same(userPrefix({ uid: 1000, gid: 3000 }), [SETUSER_IN_CONTAINER, '1000', '3000', '3000']);
  t.same(userPrefix({ uid: 1000, gid: 0 }), [SETUSER_IN_CONTAINER, '1000', '0', '0'], 'runAsUser alone: gid 0');
  t.same(userPrefix({ uid: 0, gid: 0, supplementalGroups: [5, 6] }), [SETUSER_IN_CONTAINER, '0', '0', '0,5,6'], 'root with supplementalGroups');
  t.same(userPrefix({ uid: 1, gid: 2, supplementalGroups: [2, 4] }), [SETUSER_IN_CONTAINER, '1', '2', '2,4'], 'gid listed once');
  t.throws(() => userPrefix({ uid: -1, gid: 0 }), /uid -1: ids are integers/);
  t.throws(() => userPrefix({ uid: 1, gid: 1.5 }), /group 1.5/);
  t.throws(() => userPrefix({ uid: 1, gid: 1, supplementalGroups: [4294967295] }), /group 4294967295/);
});

t.test('the user label reads back as it was written', async (t) => {
  t.equal(userLabel({ uid: 1000, gid: 3000 }), '1000:3000:');
  t.same(userFromLabel('1000:3000:'), { uid: 1000, gid: 3000, supplementalGroups: [] });
  t.same(userFromLabel(userLabel({ uid: 1, gid: 2, supplementalGroups: [7, 8] })), { uid: 1, gid: 2, supplementalGroups: [7, 8] });
  t.equal(userFromLabel(undefined), undefined);
  t.equal(userFromLabel('garbage'), undefined);
});

t.test('ctr create arguments for a container with runAsUser/runAsGroup', async (t) => {
  const args = create(spec({ user: { uid: 1000, gid: 3000 }, readOnlyRootfs: true }), '/opt/mk8s-setuser');
  t.ok(args.includes(`type=bind,src=/opt/mk8s-setuser,dst=${SETUSER_IN_CONTAINER},options=rbind:ro`), 'the helper is bind-mounted read-only');
  t.ok(args.includes('--read-only'), 'read-only rootfs still asked');
  t.same(args.slice(args.indexOf('--') + 1), ['img:1', 'c1', SETUSER_IN_CONTAINER, '1000', '3000', '3000', 'id', '-u'], 'the helper runs first, then the command');
  t.ok(args.includes(`${STATE_LABELS.user}=1000:3000:`), 'the user is kept in a label for exec');
  t.equal(containerLabels(sandbox, spec({ user: { uid: 1000, gid: 3000 } }))[STATE_LABELS.user], '1000:3000:');
});

t.test('ctr create arguments without a user: no helper, no label', async (t) => {
  for (const user of [undefined, { uid: 0, gid: 0 }]) {
    const args = create(spec({ user }), '/opt/mk8s-setuser');
    t.notOk(args.some((a) => a.includes(SETUSER_IN_CONTAINER)), `user ${JSON.stringify(user)}: no helper`);
    t.notOk(args.some((a) => a.startsWith(`${STATE_LABELS.user}=`)), `user ${JSON.stringify(user)}: no label`);
    t.same(args.slice(-4), ['img:1', 'c1', 'id', '-u']);
  }
});

t.test('ctr create arguments: no boolean flag right before "--" (ctr 1.6 then reads the command\'s -c as a flag)', async (t) => {
  const args = create(spec({ privileged: true, readOnlyRootfs: true, tty: true, command: ['sh', '-c', 'id'] }));
  const dashDash = args.indexOf('--');
  t.ok(['--privileged', '--read-only', '--tty'].every((f) => args.indexOf(f) > 1 && args.indexOf(f) < dashDash), 'the three flags are there');
  t.notOk(['--privileged', '--read-only', '--tty', '--net-host'].includes(args[dashDash - 1]!), `last flag before "--" takes a value (${args[dashDash - 2]} ${args[dashDash - 1]})`);
  t.same(args.slice(dashDash + 1), ['img:1', 'c1', 'sh', '-c', 'id']);
});

t.test('ctr create arguments: a user without the helper, or a helper path ctr cannot express', async (t) => {
  t.throws(() => create(spec({ user: { uid: 1000, gid: 3000 } })), /Cannot create container "c" as user 1000:3000:: no setuser helper given/);
  t.throws(() => create(spec({ user: { uid: 1000, gid: 3000 } }), '/a,b/mk8s-setuser'), /Cannot mount the setuser helper "\/a,b\/mk8s-setuser"/);
});

t.test('the helper is found next to the build output, or reported missing with how to build it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mk8s-setuser-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const bundleModule = pathToFileURL(join(dir, 'dist', 'bundle', 'chunk.js')).href;
  t.same(setuserCandidates(bundleModule)[0], join(dir, 'dist', 'mk8s-setuser'), 'one folder above the bundle');
  t.equal(findSetuserBinary(undefined, bundleModule), undefined, 'nothing built yet');
  t.match(missingSetuserMessage(undefined, bundleModule), /mk8s-setuser .* is missing .*npm run build.*build-essential/);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'mk8s-setuser'), '');
  chmodSync(join(dir, 'dist', 'mk8s-setuser'), 0o755);
  t.equal(findSetuserBinary(undefined, bundleModule), join(dir, 'dist', 'mk8s-setuser'), 'found from the bundle');
  t.equal(findSetuserBinary(undefined, pathToFileURL(join(dir, 'dist', 'src', 'runtime', 'm.js')).href), join(dir, 'dist', 'mk8s-setuser'), 'found from the compiled module');
  t.equal(findSetuserBinary(undefined, pathToFileURL(join(dir, 'src', 'runtime', 'm.ts')).href), join(dir, 'dist', 'mk8s-setuser'), 'found from the source');
  t.equal(findSetuserBinary(join(dir, 'nope')), undefined, 'an explicit path that does not exist');
  t.match(missingSetuserMessage(join(dir, 'nope')), /looked at .*nope\)/);
});
