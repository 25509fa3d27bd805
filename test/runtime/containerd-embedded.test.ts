import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { execa } from 'execa';
import { startEmbeddedContainerd } from '../../src/runtime/index.js';
import { pidAlive, waitFor } from '../../src/runtime/wait-for.js';
import { skipReason } from './containerd-fixture.js';

const reason = await skipReason();
if (reason) {
  t.skip(`embedded containerd: ${reason}`);
} else {
  t.test('starts, answers, is restarted after a crash, stops by pid', async (t) => {
    const dir = await mkdtemp(`${tmpdir()}/mk8s-ecd-`);
    const warnings: string[] = [];
    const cd = await startEmbeddedContainerd({ dir, log: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined } });
    t.teardown(async () => {
      await cd.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const first = cd.pid;
    t.ok(pidAlive(first));
    t.equal((await execa('ctr', ['-a', cd.socket, 'version'], { reject: false })).exitCode, 0);
    process.kill(first, 'SIGKILL');
    const back = await waitFor(async () => cd.pid !== first && (await execa('ctr', ['-a', cd.socket, 'version'], { reject: false })).exitCode === 0, 15_000, 50);
    t.ok(back, 'restarted and answering');
    t.equal(cd.restarts, 1);
    t.match(warnings, ['containerd exited; restarting']);
    const second = cd.pid;
    await cd.stop();
    t.notOk(pidAlive(second), 'stopped');
  });
}
