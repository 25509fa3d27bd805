import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

export interface Manifest {
  object: Record<string, any>;
  /** "file.yaml (document 2, line 14)", for messages. */
  where: string;
}

/** Reads FILE, DIR (its .yaml/.yml/.json files, sorted) or "-" (stdin) into objects; `kind: List` is expanded. */
export function readManifests(path: string): Manifest[] {
  if (path === '-' || path === '/dev/stdin') return parseManifests(readFileSync(0, 'utf8'), 'stdin');
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new Error(`-f ${path}: no such file or directory`);
  }
  if (stat.isDirectory()) {
    return readdirSync(path)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort()
      .flatMap((f) => readManifests(join(path, f)));
  }
  return parseManifests(readFileSync(path, 'utf8'), path);
}

export function parseManifests(text: string, source: string): Manifest[] {
  const out: Manifest[] = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const docs = YAML.parseAllDocuments(text, { uniqueKeys: true });
  if (!Array.isArray(docs)) throw new Error(`${source}: not a YAML stream`);
  docs.forEach((doc, i) => {
    const line = lineOf(doc.range?.[0] ?? 0);
    const where = `${source} (document ${i + 1}, line ${line})`;
    if (doc.errors.length > 0) {
      const err = doc.errors[0];
      throw new Error(`${source} (document ${i + 1}, line ${err.linePos?.[0]?.line ?? line}): ${err.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) return;
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: a manifest must be a mapping with apiVersion and kind`);
    if (value.kind === 'List' || (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))) {
      (value.items ?? []).forEach((item: any, j: number) => out.push({ object: item, where: `${where} item ${j + 1}` }));
      return;
    }
    out.push({ object: value, where });
  });
  for (const m of out) {
    if (!m.object?.apiVersion || !m.object?.kind) throw new Error(`${m.where}: apiVersion and kind are required`);
    if (!m.object.metadata?.name && !m.object.metadata?.generateName) throw new Error(`${m.where}: metadata.name is required`);
  }
  return out;
}
