import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable, Writable } from 'node:stream';

/** Where a container's streams live on this node. */
export interface ContainerTarget {
  containerId: string;
  /** The runtime's raw stdout+stderr file of the current attempt. */
  logPath: string;
  /** The file of the previous attempt, when there was one. */
  previousLogPath?: string;
  podIp: string;
  netnsPath?: string;
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** The streams of one exec or attach session; stdout/stderr are sinks when not requested. */
export interface ExecIo {
  tty: boolean;
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  resize?: AsyncIterable<TerminalSize>;
}

/** Where a port-forward connects: the pod's target, and the pod's name for messages. */
export interface PortForwardTarget {
  namespace: string;
  pod: string;
  podIp: string;
  netnsPath?: string;
}

export interface StreamingServerOptions {
  /** The container (the pod's default one when `container` is undefined), or undefined when absent. */
  findContainer(namespace: string, pod: string, container?: string): ContainerTarget | undefined | Promise<ContainerTarget | undefined>;
  /** Runs `cmd` in the container; resolves with its exit code. */
  exec(containerId: string, cmd: string[], io: ExecIo): Promise<number>;
  /** Attaches to the container's main process; resolves with its exit code when it ends. */
  attach?(containerId: string, io: ExecIo): Promise<number>;
  /** A connection to `port` of the pod (its IP, or the node's for host-network pods). */
  portForward(target: PortForwardTarget, port: number): Duplex | Promise<Duplex>;
  /** Serves GET /stats/summary (metrics); resolves false for other paths. */
  stats?(req: IncomingMessage, res: import('node:http').ServerResponse): Promise<boolean>;
  /** Does this request carry the API server's credential? */
  authenticate(req: IncomingMessage): boolean;
  /** Is the container still running? Ends `follow` log streams when false. Default: always true while findContainer finds it. */
  isRunning?(containerId: string): boolean | Promise<boolean>;
  tls: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  /** Default 10250; 0 picks a free port. */
  port?: number;
  host?: string;
  /** How long an upgraded exec waits for all the client's streams (ms, default 30 s). */
  streamCreationTimeoutMs?: number;
}
