import t from 'tap';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMk8sServer } from './helpers/server.js';
import { KUBECTL_VERSIONS, kubectlPath } from './helpers/paths.js';
import { tempDir } from './helpers/temp-dir.js';
import { spawnLines } from './helpers/line-process.js';
import { expectFail, expectOk } from './helpers/expect.js';

t.setTimeout(240_000);

t.test('kubectl watch, wait, dry-run and edit', async (t) => {
  const server = await startMk8sServer(t);
  const dir = tempDir(t);
  // An EDITOR that changes data.k from "v" to "edited" in the file kubectl hands it.
  const editor = join(dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nexec sed -i "s/^\\(  k: \\)v$/\\1edited/" "$1"\n');
  chmodSync(editor, 0o755);

  for (const v of KUBECTL_VERSIONS) {
    t.test(`kubectl ${v}`, async (t) => {
      const ns = `watch-${v.replace('.', '-')}`;
      const kn = (args: string[], env?: NodeJS.ProcessEnv) => server.kubectl(v, ['-n', ns, ...args], { env });
      const watchArgs = (args: string[]) => ['--kubeconfig', server.kubeconfig, '--cache-dir', join(dir, `cache-${v}`), '-n', ns, ...args];
      expectOk(t, await server.kubectl(v, ['create', 'namespace', ns]), 'create namespace');

      t.test('get cm -w shows a configmap created afterwards', async (t) => {
        expectOk(t, await kn(['create', 'configmap', 'early', '--from-literal=a=b']), 'create cm early');
        const w = spawnLines(t, kubectlPath(v), watchArgs(['get', 'cm', '-w']));
        await w.waitForLine(/^early\s+1\s/, 'the initial list (configmap early)');
        t.match(w.lines[0], /^NAME\s+DATA\s+AGE$/, 'the table header comes first');
        expectOk(t, await kn(['create', 'configmap', 'late', '--from-literal=a=b', '--from-literal=c=d']), 'create cm late');
        const line = await w.waitForLine(/^late\s+2\s+\S+$/, 'the watch line for configmap late');
        t.match(line, /^late\s+2\s/);
        await w.stop();
        expectOk(t, await kn(['delete', 'cm', 'early', 'late']), 'clean up');
      });

      t.test('get cm NAME -w --output-watch-events', async (t) => {
        expectOk(t, await kn(['create', 'configmap', 'x', '--from-literal=k=v0']), 'create cm x');
        const w = spawnLines(t, kubectlPath(v), watchArgs(['get', 'cm', 'x', '-w', '--output-watch-events']));
        await w.waitForLine(/^ADDED\s+x\s+1\s/, 'ADDED x (the current state)');
        t.match(w.lines[0], /^EVENT\s+NAME\s+DATA\s+AGE$/, 'header with the EVENT column');
        expectOk(t, await kn(['patch', 'cm', 'x', '--type', 'merge', '-p', '{"data":{"k2":"v1"}}']), 'patch x');
        await w.waitForLine(/^MODIFIED\s+x\s+2\s/, 'MODIFIED x with 2 keys');
        expectOk(t, await kn(['delete', 'cm', 'x']), 'delete x');
        await w.waitForLine(/^DELETED\s+x\s+2\s/, 'DELETED x');
        expectOk(t, await kn(['create', 'configmap', 'other']), 'create another configmap');
        expectOk(t, await kn(['create', 'configmap', 'x', '--from-literal=k=again', '--from-literal=a=1', '--from-literal=b=2']), 're-create x');
        await w.waitForLine(/^ADDED\s+x\s+3\s/, 'ADDED x again (3 keys)');
        t.notOk(w.lines.some((l) => /\bother\b/.test(l)), `the named watch shows only x: ${JSON.stringify(w.lines)}`);
        await w.stop();
        expectOk(t, await kn(['delete', 'cm', 'x', 'other']), 'clean up');
      });

      t.test('wait --for=delete while deleting', async (t) => {
        expectOk(t, await kn(['create', 'configmap', 'gone', '--from-literal=a=b']), 'create cm gone');
        const w = spawnLines(t, kubectlPath(v), watchArgs(['wait', '--for=delete', 'cm/gone', '--timeout=30s']));
        expectOk(t, await kn(['delete', 'cm', 'gone', '--wait=false']), 'delete cm gone');
        const exit = await w.waitForExit(35_000);
        t.equal(exit.code, 0, `wait --for=delete exits 0 (stdout: ${w.lines.join(' / ')}; stderr: ${w.stderr()})`);
        expectFail(t, await kn(['get', 'cm', 'gone']), /configmaps "gone" not found/, 'gone');
      });

      t.test('wait --for=jsonpath', async (t) => {
        expectOk(t, await kn(['create', 'configmap', 'jp', '--from-literal=k=before']), 'create cm jp');
        const w = spawnLines(t, kubectlPath(v), watchArgs(['wait', "--for=jsonpath={.data.k}=v", 'cm/jp', '--timeout=30s']));
        expectOk(t, await kn(['patch', 'cm', 'jp', '--type', 'merge', '-p', '{"data":{"k":"v"}}']), 'patch data.k=v');
        const exit = await w.waitForExit(35_000);
        t.equal(exit.code, 0, `wait --for=jsonpath exits 0 (stderr: ${w.stderr()})`);
        t.match(w.lines.join('\n'), /configmap\/jp condition met/);
      });

      t.test('--dry-run=server creates nothing', async (t) => {
        const out = expectOk(t, await kn(['create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server']), 'create --dry-run=server');
        t.match(out, /configmap\/dry created \(server dry run\)/);
        expectFail(t, await kn(['get', 'cm', 'dry']), /configmaps "dry" not found/, 'nothing stored');
        const manifest = join(dir, `dry-${v}.yaml`);
        writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dry-apply\ndata:\n  a: b\n');
        t.match(expectOk(t, await kn(['apply', '-f', manifest, '--dry-run=server']), 'apply --dry-run=server'), /configmap\/dry-apply created \(server dry run\)/);
        expectFail(t, await kn(['get', 'cm', 'dry-apply']), /configmaps "dry-apply" not found/, 'nothing stored by apply');
        expectOk(t, await kn(['create', 'configmap', 'dry', '--from-literal=a=b']), 'create for real');
        t.match(expectOk(t, await kn(['delete', 'cm', 'dry', '--dry-run=server']), 'delete --dry-run=server'), /configmap "dry" deleted \(server dry run\)/);
        expectOk(t, await kn(['get', 'cm', 'dry']), 'still there after a dry-run delete');
        expectOk(t, await kn(['label', 'cm', 'dry', 'x=y', '--dry-run=server']), 'label --dry-run=server');
        t.equal(expectOk(t, await kn(['get', 'cm', 'dry', '-o', 'jsonpath={.metadata.labels.x}']), 'get label'), '', 'label not stored');
      });

      t.test('edit with EDITOR', async (t) => {
        expectOk(t, await kn(['create', 'configmap', 'ed', '--from-literal=k=v']), 'create cm ed');
        const out = expectOk(t, await kn(['edit', 'cm', 'ed'], { EDITOR: editor, KUBE_EDITOR: editor, TMPDIR: dir }), 'kubectl edit');
        t.match(out, /configmap\/ed edited/);
        t.equal(expectOk(t, await kn(['get', 'cm', 'ed', '-o', 'jsonpath={.data.k}']), 'get data.k'), 'edited');
      });
    });
  }
});
