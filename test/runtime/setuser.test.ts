import t from 'tap';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

// The C helper itself: compiled by the build script into a temp folder, run as root.
const skip = process.getuid?.() !== 0 ? 'needs root (it changes uid)' : undefined;

t.test('mk8s-setuser switches groups, gid and uid, then execs the command', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'mk8s-setuser-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755); // uid 1000 runs the helper from here too
  const bin = join(dir, 'mk8s-setuser');
  const built = await execa(process.execPath, ['scripts/build-setuser.mjs', bin], { reject: false });
  t.equal(built.exitCode, 0, `build-setuser compiles the helper (stderr: ${built.stderr})`);
  const run = (args: string[]) => execa(bin, args, { reject: false, env: { PATH: '/usr/bin:/bin' } });

  const ok = await run(['1000', '3000', '3000,4000', 'sh', '-c', 'id -u; id -g; id -G']);
  t.equal(ok.exitCode, 0, `runs sh (stderr: ${ok.stderr})`);
  t.same(ok.stdout.split('\n'), ['1000', '3000', '3000 4000'], 'uid, gid, groups');

  const missing = await run(['1000', '3000', '3000', 'no-such-command-here']);
  t.equal(missing.exitCode, 127, 'a command not in PATH: 127');
  t.match(missing.stderr, /^mk8s-setuser: cannot run "no-such-command-here": No such file or directory$/);

  for (const [args, message] of [
    [['x', '1', '1', 'id'], /invalid uid "x"/],
    [['1', '-1', '1', 'id'], /invalid gid "-1"/],
    [['1', '1', '1,,a', 'id'], /invalid supplementary groups "1,,a"/],
    [['1', '1', '1'], /^usage: mk8s-setuser UID GID GROUPS COMMAND/],
  ] as const) {
    const r = await run([...args]);
    t.equal(r.exitCode, 126, `${args.join(' ')}: 126`);
    t.match(r.stderr, message);
  }

  const notRoot = await run(['1000', '1000', '1000', bin, '0', '0', '0', 'id']);
  t.equal(notRoot.exitCode, 126, 'a non-root caller cannot switch back to root');
  t.match(notRoot.stderr, /cannot set supplementary groups to "0": Operation not permitted/);
});
