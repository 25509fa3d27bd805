/**
 * Compares two V8 heap snapshots (.heapsnapshot, as written by --heapsnapshot-signal): the
 * count and self size of the nodes per kind (type and constructor/function name; strings by
 * their first characters), B − A, largest growth first.
 *   node bench/lib/heap-diff.mjs A.heapsnapshot B.heapsnapshot [--per=N] [--top=40] [--json]
 * --per=N divides the growth by N (e.g. the pods running in B and not in A).
 * --retained: per object kind (type and constructor name), the retained size (dominator tree,
 * weak edges ignored) of its outermost instances (those not held by another instance of the
 * same kind), B − A: what holds the growth, rather than what it is made of.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from './args.mjs';

/** Per kind: { count, bytes } of one snapshot, plus the totals; with `retained`, the retained sizes (see above) instead. */
export function summarize(path, { retained = false } = {}) {
  const snap = JSON.parse(readFileSync(path, 'utf8'));
  if (retained) return retainedByKind(snap);
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields;
  const types = meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const { nodes, strings } = snap;
  const kinds = new Map();
  let total = 0;
  let count = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + iType]];
    const size = nodes[i + iSize];
    let name = strings[nodes[i + iName]];
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string') name = `${type}: ${JSON.stringify(name.slice(0, 48))}`;
    else if (type === 'number' || type === 'hidden' || type === 'code') name = `${type}: ${name.slice(0, 60)}`;
    else name = `${type}: ${name.slice(0, 80)}`;
    const k = kinds.get(name);
    if (k) {
      k.count++;
      k.bytes += size;
    } else kinds.set(name, { count: 1, bytes: size });
    total += size;
    count++;
  }
  return { kinds, total, count };
}

function kindName(type, name) {
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number') return type;
  return `${type}: ${name.slice(0, 80)}`;
}

/** Retained size per kind of the outermost instances of each kind (Cooper–Harvey–Kennedy dominators). */
function retainedByKind(snap) {
  const meta = snap.snapshot.meta;
  const nf = meta.node_fields;
  const ef = meta.edge_fields;
  const types = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const W = nf.length;
  const EW = ef.length;
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [eType, eTo] = ['type', 'to_node'].map((f) => ef.indexOf(f));
  const weak = edgeTypes.indexOf('weak');
  const { nodes, edges, strings } = snap;
  const n = nodes.length / W;
  const firstEdge = new Int32Array(n + 1);
  for (let i = 0, e = 0; i < n; i++) {
    firstEdge[i] = e;
    e += nodes[i * W + iEdges] * EW;
    firstEdge[i + 1] = e;
  }
  // Postorder from the root (node 0), iteratively.
  const order = new Int32Array(n).fill(-1);
  const post = new Int32Array(n);
  let count = 0;
  const stack = new Int32Array(n);
  const cursor = new Int32Array(n);
  const seen = new Uint8Array(n);
  let sp = 0;
  stack[sp++] = 0;
  seen[0] = 1;
  cursor[0] = firstEdge[0];
  while (sp > 0) {
    const v = stack[sp - 1];
    let pushed = false;
    while (cursor[v] < firstEdge[v + 1]) {
      const e = cursor[v];
      cursor[v] += EW;
      if (edges[e + eType] === weak) continue;
      const w = edges[e + eTo] / W;
      if (seen[w]) continue;
      seen[w] = 1;
      cursor[w] = firstEdge[w];
      stack[sp++] = w;
      pushed = true;
      break;
    }
    if (!pushed) {
      sp--;
      order[v] = count;
      post[count++] = v;
    }
  }
  // Predecessors (reachable ones, strong edges).
  const predCount = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EW) if (edges[e + eType] !== weak) predCount[edges[e + eTo] / W + 1]++;
  }
  for (let i = 0; i < n; i++) predCount[i + 1] += predCount[i];
  const preds = new Int32Array(predCount[n]);
  const fill = predCount.slice();
  for (let v = 0; v < n; v++) {
    if (!seen[v]) continue;
    for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EW) if (edges[e + eType] !== weak) preds[fill[edges[e + eTo] / W]++] = v;
  }
  const idom = new Int32Array(n).fill(-1);
  idom[0] = 0;
  const intersect = (a, b) => {
    while (a !== b) {
      while (order[a] < order[b]) a = idom[a];
      while (order[b] < order[a]) b = idom[b];
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (let k = count - 2; k >= 0; k--) {
      const v = post[k];
      let d = -1;
      for (let p = predCount[v]; p < predCount[v + 1]; p++) {
        const u = preds[p];
        if (idom[u] === -1) continue;
        d = d === -1 ? u : intersect(u, d);
      }
      if (d !== -1 && idom[v] !== d) {
        idom[v] = d;
        changed = true;
      }
    }
  }
  const ret = new Float64Array(n);
  for (let k = 0; k < count; k++) {
    const v = post[k];
    ret[v] += nodes[v * W + iSize];
    if (v !== 0) ret[idom[v]] += ret[v];
  }
  const kindOf = new Array(n);
  for (let v = 0; v < n; v++) kindOf[v] = kindName(types[nodes[v * W + iType]], strings[nodes[v * W + iName]]);
  const kinds = new Map();
  for (let k = 0; k < count; k++) {
    const v = post[k];
    if (v === 0) continue;
    const kind = kindOf[v];
    let outer = true;
    for (let u = idom[v]; u !== 0; u = idom[u]) if (kindOf[u] === kind) { outer = false; break; }
    if (!outer) continue;
    const entry = kinds.get(kind);
    if (entry) {
      entry.count++;
      entry.bytes += ret[v];
    } else kinds.set(kind, { count: 1, bytes: ret[v] });
  }
  return { kinds, total: ret[0], count };
}

export function diff(a, b) {
  const out = [];
  for (const [name, kb] of b.kinds) {
    const ka = a.kinds.get(name) ?? { count: 0, bytes: 0 };
    if (kb.bytes !== ka.bytes || kb.count !== ka.count) out.push({ name, count: kb.count - ka.count, bytes: kb.bytes - ka.bytes });
  }
  for (const [name, ka] of a.kinds) if (!b.kinds.has(name)) out.push({ name, count: -ka.count, bytes: -ka.bytes });
  out.sort((x, y) => y.bytes - x.bytes);
  return { total: b.total - a.total, count: b.count - a.count, kinds: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const opts = parseArgs(process.argv.slice(2).filter((a) => a.startsWith('--')));
  if (files.length !== 2) throw new Error('usage: heap-diff.mjs A.heapsnapshot B.heapsnapshot [--per=N] [--top=40] [--json]');
  const per = typeof opts.per === 'number' ? opts.per : 1;
  const top = typeof opts.top === 'number' ? opts.top : 40;
  const [a, b] = files.map((f) => summarize(f, { retained: !!opts.retained }));
  const d = diff(a, b);
  if (opts.json) {
    process.stdout.write(JSON.stringify({ a: files[0], b: files[1], per, totalBytes: d.total, nodes: d.count, kinds: d.kinds.slice(0, top) }) + '\n');
  } else {
    const f = (v) => (v / per).toFixed(per === 1 ? 0 : 1).padStart(10);
    process.stdout.write(`heap A ${a.total} B, ${a.count} nodes; B ${b.total} B, ${b.count} nodes; B − A ${d.total} B${per !== 1 ? ` (${(d.total / per).toFixed(0)} B per unit, /${per})` : ''}\n`);
    process.stdout.write(`${'bytes'.padStart(10)} ${'count'.padStart(10)}  kind\n`);
    for (const k of d.kinds.slice(0, top)) process.stdout.write(`${f(k.bytes)} ${f(k.count)}  ${k.name}\n`);
  }
}
