/** core/v1 container tables: Container, EphemeralContainer, env, probes, lifecycle, security, status. */
import type { FieldOptions, TypeRegistry, TypeTable } from './format.js';
import { ATOMIC, REQ, SET, jsonOnly, list, map, mergeList, ref } from './core-v1-helpers.js';

const PROTOCOL: FieldOptions = { enum: ['SCTP', 'TCP', 'UDP'] };
const PULL_POLICY: FieldOptions = { enum: ['Always', 'IfNotPresent', 'Never'] };

/** Fields shared by Container and EphemeralContainerCommon (same JSON names and numbers). */
const CONTAINER: TypeTable = {
  name: ['string', 1, REQ],
  image: ['string', 2],
  command: [list('string'), 3, ATOMIC],
  args: [list('string'), 4, ATOMIC],
  workingDir: ['string', 5],
  ports: [list(ref('core.v1.ContainerPort')), 6, mergeList('containerPort', { mapKeys: ['containerPort', 'protocol'] })],
  envFrom: [list(ref('core.v1.EnvFromSource')), 19, ATOMIC],
  env: [list(ref('core.v1.EnvVar')), 7, mergeList('name')],
  resources: [ref('core.v1.ResourceRequirements'), 8],
  resizePolicy: [list(ref('core.v1.ContainerResizePolicy')), 23, ATOMIC],
  restartPolicy: ['string', 24],
  restartPolicyRules: [list(ref('core.v1.ContainerRestartRule')), 25, ATOMIC],
  volumeMounts: [list(ref('core.v1.VolumeMount')), 9, mergeList('mountPath')],
  volumeDevices: [list(ref('core.v1.VolumeDevice')), 21, mergeList('devicePath')],
  livenessProbe: [ref('core.v1.Probe'), 10],
  readinessProbe: [ref('core.v1.Probe'), 11],
  startupProbe: [ref('core.v1.Probe'), 22],
  lifecycle: [ref('core.v1.Lifecycle'), 12],
  terminationMessagePath: ['string', 13],
  terminationMessagePolicy: ['string', 20, { enum: ['FallbackToLogsOnError', 'File'] }],
  imagePullPolicy: ['string', 14, PULL_POLICY],
  securityContext: [ref('core.v1.SecurityContext'), 15],
  stdin: ['bool', 16],
  stdinOnce: ['bool', 17],
  tty: ['bool', 18],
};

const PROBE_HANDLER: TypeTable = {
  exec: [ref('core.v1.ExecAction'), 1],
  httpGet: [ref('core.v1.HTTPGetAction'), 2],
  tcpSocket: [ref('core.v1.TCPSocketAction'), 3],
  grpc: [ref('core.v1.GRPCAction'), 4],
};

export const CORE_V1_CONTAINER: TypeRegistry = {
  'core.v1.Container': CONTAINER,
  'core.v1.EphemeralContainerCommon': CONTAINER,
  'core.v1.EphemeralContainer': {
    ...jsonOnly(CONTAINER),
    '...ephemeralContainerCommon': [ref('core.v1.EphemeralContainerCommon'), 1],
    targetContainerName: ['string', 2],
  },
  'core.v1.ContainerPort': {
    name: ['string', 1],
    hostPort: ['int32', 2],
    containerPort: ['int32', 3, REQ],
    protocol: ['string', 4, PROTOCOL],
    hostIP: ['string', 5],
  },
  'core.v1.ContainerResizePolicy': {
    resourceName: ['string', 1, REQ],
    restartPolicy: ['string', 2, REQ],
  },
  'core.v1.ContainerRestartRule': {
    action: ['string', 1, REQ],
    exitCodes: [ref('core.v1.ContainerRestartRuleOnExitCodes'), 2],
  },
  'core.v1.ContainerRestartRuleOnExitCodes': {
    operator: ['string', 1, REQ],
    values: [list('int32'), 2, SET],
  },
  'core.v1.EnvFromSource': {
    prefix: ['string', 1],
    configMapRef: [ref('core.v1.ConfigMapEnvSource'), 2],
    secretRef: [ref('core.v1.SecretEnvSource'), 3],
  },
  'core.v1.ConfigMapEnvSource': {
    name: ['string', 0],
    '...localObjectReference': [ref('core.v1.LocalObjectReference'), 1],
    optional: ['bool', 2],
  },
  'core.v1.SecretEnvSource': {
    name: ['string', 0],
    '...localObjectReference': [ref('core.v1.LocalObjectReference'), 1],
    optional: ['bool', 2],
  },
  'core.v1.EnvVar': {
    name: ['string', 1, REQ],
    value: ['string', 2],
    valueFrom: [ref('core.v1.EnvVarSource'), 3],
  },
  'core.v1.EnvVarSource': {
    fieldRef: [ref('core.v1.ObjectFieldSelector'), 1],
    resourceFieldRef: [ref('core.v1.ResourceFieldSelector'), 2],
    configMapKeyRef: [ref('core.v1.ConfigMapKeySelector'), 3],
    secretKeyRef: [ref('core.v1.SecretKeySelector'), 4],
    fileKeyRef: [ref('core.v1.FileKeySelector'), 5],
  },
  'core.v1.ConfigMapKeySelector': {
    name: ['string', 0],
    '...localObjectReference': [ref('core.v1.LocalObjectReference'), 1],
    key: ['string', 2, REQ],
    optional: ['bool', 3],
  },
  'core.v1.SecretKeySelector': {
    name: ['string', 0],
    '...localObjectReference': [ref('core.v1.LocalObjectReference'), 1],
    key: ['string', 2, REQ],
    optional: ['bool', 3],
  },
  'core.v1.FileKeySelector': {
    volumeName: ['string', 1, REQ],
    path: ['string', 2, REQ],
    key: ['string', 3, REQ],
    optional: ['bool', 4],
  },
  'core.v1.ObjectFieldSelector': {
    apiVersion: ['string', 1],
    fieldPath: ['string', 2, REQ],
  },
  'core.v1.ResourceFieldSelector': {
    containerName: ['string', 1],
    resource: ['string', 2, REQ],
    divisor: ['quantity', 3],
  },
  'core.v1.ResourceRequirements': {
    limits: [map('quantity'), 1],
    requests: [map('quantity'), 2],
    claims: [list(ref('core.v1.ResourceClaim')), 3, { listType: 'map', listMapKeys: ['name'] }],
  },
  'core.v1.ResourceClaim': {
    name: ['string', 1, REQ],
    request: ['string', 2],
  },
  'core.v1.VolumeMount': {
    name: ['string', 1, REQ],
    readOnly: ['bool', 2],
    recursiveReadOnly: ['string', 7],
    mountPath: ['string', 3, REQ],
    subPath: ['string', 4],
    mountPropagation: ['string', 5, { enum: ['Bidirectional', 'HostToContainer', 'None'] }],
    subPathExpr: ['string', 6],
  },
  'core.v1.VolumeDevice': {
    name: ['string', 1, REQ],
    devicePath: ['string', 2, REQ],
  },
  'core.v1.Probe': {
    ...jsonOnly(PROBE_HANDLER),
    '...handler': [ref('core.v1.ProbeHandler'), 1],
    initialDelaySeconds: ['int32', 2],
    timeoutSeconds: ['int32', 3],
    periodSeconds: ['int32', 4],
    successThreshold: ['int32', 5],
    failureThreshold: ['int32', 6],
    terminationGracePeriodSeconds: ['int64', 7],
  },
  'core.v1.ProbeHandler': PROBE_HANDLER,
  'core.v1.ExecAction': {
    command: [list('string'), 1, ATOMIC],
  },
  'core.v1.HTTPGetAction': {
    path: ['string', 1],
    port: ['intOrString', 2, REQ],
    host: ['string', 3],
    scheme: ['string', 4, { enum: ['HTTP', 'HTTPS'] }],
    httpHeaders: [list(ref('core.v1.HTTPHeader')), 5, ATOMIC],
  },
  'core.v1.HTTPHeader': {
    name: ['string', 1, REQ],
    value: ['string', 2, REQ],
  },
  'core.v1.TCPSocketAction': {
    port: ['intOrString', 1, REQ],
    host: ['string', 2],
  },
  'core.v1.GRPCAction': {
    port: ['int32', 1, REQ],
    service: ['string', 2],
  },
  'core.v1.Lifecycle': {
    postStart: [ref('core.v1.LifecycleHandler'), 1],
    preStop: [ref('core.v1.LifecycleHandler'), 2],
    stopSignal: ['string', 3],
  },
  'core.v1.LifecycleHandler': {
    exec: [ref('core.v1.ExecAction'), 1],
    httpGet: [ref('core.v1.HTTPGetAction'), 2],
    tcpSocket: [ref('core.v1.TCPSocketAction'), 3],
    sleep: [ref('core.v1.SleepAction'), 4],
  },
  'core.v1.SleepAction': {
    seconds: ['int64', 1, REQ],
  },
  'core.v1.SecurityContext': {
    capabilities: [ref('core.v1.Capabilities'), 1],
    privileged: ['bool', 2],
    seLinuxOptions: [ref('core.v1.SELinuxOptions'), 3],
    windowsOptions: [ref('core.v1.WindowsSecurityContextOptions'), 10],
    runAsUser: ['int64', 4],
    runAsGroup: ['int64', 8],
    runAsNonRoot: ['bool', 5],
    readOnlyRootFilesystem: ['bool', 6],
    allowPrivilegeEscalation: ['bool', 7],
    procMount: ['string', 9, { enum: ['Default', 'Unmasked'] }],
    seccompProfile: [ref('core.v1.SeccompProfile'), 11],
    appArmorProfile: [ref('core.v1.AppArmorProfile'), 12],
    ulimits: [list(ref('core.v1.Ulimit')), 13, { listType: 'map', listMapKeys: ['name'] }],
  },
  'core.v1.Capabilities': {
    add: [list('string'), 1, ATOMIC],
    drop: [list('string'), 2, ATOMIC],
  },
  'core.v1.SELinuxOptions': {
    user: ['string', 1],
    role: ['string', 2],
    type: ['string', 3],
    level: ['string', 4],
  },
  'core.v1.WindowsSecurityContextOptions': {
    gmsaCredentialSpecName: ['string', 1],
    gmsaCredentialSpec: ['string', 2],
    runAsUserName: ['string', 3],
    hostProcess: ['bool', 4],
  },
  'core.v1.SeccompProfile': {
    type: ['string', 1, { required: true, enum: ['Localhost', 'RuntimeDefault', 'Unconfined'] }],
    localhostProfile: ['string', 2],
  },
  'core.v1.AppArmorProfile': {
    type: ['string', 1, { required: true, enum: ['Localhost', 'RuntimeDefault', 'Unconfined'] }],
    localhostProfile: ['string', 2],
  },
  'core.v1.Ulimit': {
    name: ['string', 1, REQ],
    hard: ['int64', 2, REQ],
    soft: ['int64', 3, REQ],
  },
  'core.v1.ContainerStatus': {
    name: ['string', 1, REQ],
    state: [ref('core.v1.ContainerState'), 2],
    lastState: [ref('core.v1.ContainerState'), 3],
    ready: ['bool', 4, REQ],
    restartCount: ['int32', 5, REQ],
    image: ['string', 6, REQ],
    imageID: ['string', 7, REQ],
    containerID: ['string', 8],
    started: ['bool', 9],
    allocatedResources: [map('quantity'), 10],
    resources: [ref('core.v1.ResourceRequirements'), 11],
    volumeMounts: [list(ref('core.v1.VolumeMountStatus')), 12, mergeList('mountPath')],
    user: [ref('core.v1.ContainerUser'), 13],
    allocatedResourcesStatus: [list(ref('core.v1.ResourceStatus')), 14, mergeList('name')],
    stopSignal: ['string', 15],
  },
  'core.v1.ContainerState': {
    waiting: [ref('core.v1.ContainerStateWaiting'), 1],
    running: [ref('core.v1.ContainerStateRunning'), 2],
    terminated: [ref('core.v1.ContainerStateTerminated'), 3],
  },
  'core.v1.ContainerStateWaiting': {
    reason: ['string', 1],
    message: ['string', 2],
  },
  'core.v1.ContainerStateRunning': {
    startedAt: ['time', 1],
  },
  'core.v1.ContainerStateTerminated': {
    exitCode: ['int32', 1, REQ],
    signal: ['int32', 2],
    reason: ['string', 3],
    message: ['string', 4],
    startedAt: ['time', 5],
    finishedAt: ['time', 6],
    containerID: ['string', 7],
  },
  'core.v1.VolumeMountStatus': {
    name: ['string', 1, REQ],
    mountPath: ['string', 2, REQ],
    readOnly: ['bool', 3],
    recursiveReadOnly: ['string', 4],
    volumeStatus: [ref('core.v1.VolumeStatus'), 5],
  },
  'core.v1.VolumeStatus': {
    image: [ref('core.v1.ImageVolumeStatus'), 1],
  },
  'core.v1.ImageVolumeStatus': {
    imageRef: ['string', 1, REQ],
  },
  'core.v1.ContainerUser': {
    linux: [ref('core.v1.LinuxContainerUser'), 1],
  },
  'core.v1.LinuxContainerUser': {
    uid: ['int64', 1, REQ],
    gid: ['int64', 2, REQ],
    supplementalGroups: [list('int64'), 3, ATOMIC],
  },
  'core.v1.ResourceStatus': {
    name: ['string', 1, REQ],
    resources: [list(ref('core.v1.ResourceHealth')), 2, { listType: 'map', listMapKeys: ['resourceID'] }],
  },
  'core.v1.ResourceHealth': {
    resourceID: ['string', 1, REQ],
    health: ['string', 2],
    message: ['string', 6],
  },
};
