import { TEST_IMAGE } from './test-image.js';
import type { Mk8sServer } from './server.js';
import { waitFor } from './wait-for.js';

/** The pod object as the API has it now (admin token), or undefined when it does not exist. */
export async function getPod(server: Mk8sServer, name: string, namespace = 'default'): Promise<any | undefined> {
  const res = await server.request('GET', `/api/v1/namespaces/${namespace}/pods/${name}`);
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new Error(`GET pod ${namespace}/${name}: ${res.status} ${res.body}`);
  return res.json();
}

/** Polls the pod until `check(pod)` is truthy; the error names `what` and shows the pod's status. */
export async function waitForPod<T>(server: Mk8sServer, name: string, check: (pod: any) => T, what: string, ms = 60_000, namespace = 'default'): Promise<NonNullable<T>> {
  let last: any;
  return waitFor(
    async () => {
      last = await getPod(server, name, namespace);
      return last ? check(last) : undefined;
    },
    `pod ${namespace}/${name}: ${what}`,
    ms,
    100,
  ).catch((err: Error) => {
    throw new Error(`${err.message}; pod status: ${JSON.stringify(last?.status ?? 'no pod')}`);
  });
}

/** The status of container `name` (init containers included). */
export function containerStatus(pod: any, name: string): any | undefined {
  return [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])].find((s: any) => s.name === name);
}

/** Whether the pod is Running with every container ready. */
export function isRunningReady(pod: any): boolean {
  const statuses = pod?.status?.containerStatuses ?? [];
  return pod?.status?.phase === 'Running' && statuses.length > 0 && statuses.every((s: any) => s.ready);
}

/** Waits until the pod object is gone from the API. */
export async function waitForPodGone(server: Mk8sServer, name: string, ms = 60_000, namespace = 'default'): Promise<void> {
  await waitFor(async () => !(await getPod(server, name, namespace)), `pod ${namespace}/${name} to be gone`, ms, 100);
}

/** Deletes every pod (grace 1 s) and waits for the agent to finish them: a tidy end before the server stops. */
export async function deleteAllPods(server: Mk8sServer, ms = 60_000): Promise<void> {
  await server.kubectl('1.33', ['delete', 'pods', '--all', '-A', '--grace-period=1', '--wait=false'], { timeoutMs: 30_000 });
  await waitFor(
    async () => {
      const res = await server.request('GET', '/api/v1/pods');
      return res.status === 200 && res.json().items.length === 0;
    },
    'every pod to be deleted',
    ms,
    200,
  );
}

export interface PodManifestOptions {
  name: string;
  /** spec.nodeName: straight to that node's agent, no scheduler. */
  node: string;
  /** `sh -c` script of the one container `main`. */
  script: string;
  image?: string;
  imagePullPolicy?: string;
  /** Flow-style YAML of spec.securityContext / the container's securityContext. */
  podSecurity?: string;
  containerSecurity?: string;
  /** An emptyDir named `scratch` mounted here. */
  scratchMount?: string;
}

/** The YAML of a one-container pod of the test image (grace 1 s), for `kubectl apply -f -`. */
export function podManifest(o: PodManifestOptions): string {
  const lines = [
    'apiVersion: v1',
    'kind: Pod',
    `metadata: {name: ${o.name}}`,
    'spec:',
    `  nodeName: ${o.node}`,
    '  terminationGracePeriodSeconds: 1',
    ...(o.podSecurity ? [`  securityContext: ${o.podSecurity}`] : []),
    '  containers:',
    '  - name: main',
    `    image: ${o.image ?? TEST_IMAGE}`,
    `    imagePullPolicy: ${o.imagePullPolicy ?? 'IfNotPresent'}`,
    ...(o.containerSecurity ? [`    securityContext: ${o.containerSecurity}`] : []),
    `    command: ["sh", "-c", ${JSON.stringify(o.script)}]`,
    ...(o.scratchMount ? [`    volumeMounts: [{name: scratch, mountPath: ${o.scratchMount}}]`, '  volumes:', '  - name: scratch', '    emptyDir: {}'] : []),
  ];
  return `${lines.join('\n')}\n`;
}
