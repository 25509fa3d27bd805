/** A small dig-like client and fixtures for the DNS tests. */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { decodeMessage, encodeMessage } from '../../../src/agent/dns/dns-codec.js';
import { ClusterIndex } from '../../../src/agent/dns/cluster-index.js';
import { RecordClass, type DnsMessage } from '../../../src/agent/dns/dns-types.js';

let nextId = 1;

export function query(name: string, type: number, extra: Partial<DnsMessage> = {}): DnsMessage {
  nextId = (nextId + 1) & 0xffff;
  return { id: nextId, qr: false, opcode: 0, aa: false, tc: false, rd: true, ra: false, rcode: 0, questions: [{ name, type, class: RecordClass.IN }], answers: [], authorities: [], additionals: [], ...extra };
}

export function digUdp(port: number, msg: DnsMessage, host = '127.0.0.1'): Promise<{ reply: DnsMessage; size: number }> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.on('message', (buf) => {
      socket.close();
      resolve({ reply: decodeMessage(buf), size: buf.length });
    });
    socket.send(encodeMessage(msg), port, host);
  });
}

export function digTcp(port: number, msg: DnsMessage, host = '127.0.0.1'): Promise<{ reply: DnsMessage; size: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let buf = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        socket.destroy();
        const body = buf.subarray(2, 2 + buf.readUInt16BE(0));
        resolve({ reply: decodeMessage(body), size: body.length });
      }
    });
    const wire = encodeMessage(msg);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(wire.length);
    socket.write(Buffer.concat([prefix, wire]));
  });
}

const meta = (namespace: string, name: string, labels?: Record<string, string>) => ({ namespace, name, ...(labels ? { labels } : {}) });

/** web (ClusterIP, ports http/metrics), db (headless, StatefulSet-style hostnames), ext (ExternalName), bigh (headless, 60 endpoints). */
export function fixtureIndex(): ClusterIndex {
  const index = new ClusterIndex();
  index.replace('services', [
    { metadata: meta('default', 'web'), spec: { clusterIP: '10.43.0.20', clusterIPs: ['10.43.0.20'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'metrics', port: 9090 }] } },
    { metadata: meta('data', 'db'), spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] } },
    { metadata: meta('data', 'early'), spec: { clusterIP: 'None', publishNotReadyAddresses: true, ports: [{ port: 80 }] } },
    { metadata: meta('default', 'ext'), spec: { type: 'ExternalName', externalName: 'example.org' } },
    { metadata: meta('default', 'alias'), spec: { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' } },
    { metadata: meta('default', 'bigh'), spec: { clusterIP: 'None', ports: [{ port: 80 }] } },
  ]);
  index.replace('endpointslices', [
    { metadata: meta('default', 'web-abcde', { 'kubernetes.io/service-name': 'web' }), addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }], endpoints: [{ addresses: ['10.42.0.5'], conditions: { ready: true } }] },
    {
      metadata: meta('data', 'db-xyz12', { 'kubernetes.io/service-name': 'db' }), addressType: 'IPv4', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['10.42.1.10'], hostname: 'db-0', conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: 'data', name: 'db-0' } },
        { addresses: ['10.42.1.11'], hostname: 'db-1', conditions: { ready: true }, targetRef: { kind: 'Pod', namespace: 'data', name: 'db-1' } },
        { addresses: ['10.42.1.12'], hostname: 'db-2', conditions: { ready: false }, targetRef: { kind: 'Pod', namespace: 'data', name: 'db-2' } },
      ],
    },
    { metadata: meta('data', 'early-1', { 'kubernetes.io/service-name': 'early' }), addressType: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }], endpoints: [{ addresses: ['10.42.1.20'], conditions: { ready: false } }] },
    {
      metadata: meta('default', 'bigh-1', { 'kubernetes.io/service-name': 'bigh' }), addressType: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }],
      endpoints: Array.from({ length: 60 }, (_, i) => ({ addresses: [`10.42.2.${i + 1}`], conditions: { ready: true } })),
    },
  ]);
  index.replace('pods', [
    { metadata: meta('default', 'web-1'), spec: {}, status: { podIP: '10.42.0.5', podIPs: [{ ip: '10.42.0.5' }] } },
    { metadata: meta('data', 'db-0'), spec: { hostname: 'db-0', subdomain: 'db' }, status: { podIP: '10.42.1.10' } },
  ]);
  return index;
}
