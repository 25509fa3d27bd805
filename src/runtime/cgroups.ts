import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

/** Reads container cgroups directly, on cgroup v2 (unified) or v1 (per-controller) hosts. */
export class Cgroups {
  readonly root: string;
  readonly v2: boolean;
  constructor(root = '/sys/fs/cgroup') {
    this.root = root;
    this.v2 = existsSync(`${root}/cgroup.controllers`);
  }

  #path(controller: string, cgroup: string): string {
    return this.v2 ? `${this.root}${cgroup}` : `${this.root}/${controller}${cgroup}`;
  }

  /** Count of OOM kills in the cgroup, or undefined when it is gone. */
  async oomKills(cgroup: string): Promise<number | undefined> {
    const file = this.v2 ? 'memory.events' : 'memory.oom_control';
    const text = await readOrUndefined(`${this.#path('memory', cgroup)}/${file}`);
    if (text === undefined) return undefined;
    const m = /^oom_kill (\d+)$/m.exec(text);
    return m ? Number(m[1]) : 0;
  }

  async memoryBytes(cgroup: string): Promise<number> {
    const file = this.v2 ? 'memory.current' : 'memory.usage_in_bytes';
    return Number((await readOrUndefined(`${this.#path('memory', cgroup)}/${file}`))?.trim() ?? 0);
  }

  async cpuUsageNanos(cgroup: string): Promise<number> {
    if (this.v2) {
      const text = await readOrUndefined(`${this.#path('cpu', cgroup)}/cpu.stat`);
      const m = text ? /^usage_usec (\d+)$/m.exec(text) : null;
      return m ? Number(m[1]) * 1000 : 0;
    }
    return Number((await readOrUndefined(`${this.#path('cpuacct', cgroup)}/cpuacct.usage`))?.trim() ?? 0);
  }

  /** Applies CPU shares (v1 `cpu.shares`, v2 `cpu.weight` converted as runc does). */
  async setCpuShares(cgroup: string, shares: number): Promise<void> {
    if (this.v2) {
      const weight = Math.round(1 + ((Math.max(2, Math.min(262144, shares)) - 2) * 9999) / 262142);
      await writeFile(`${this.#path('cpu', cgroup)}/cpu.weight`, String(weight));
    } else {
      await writeFile(`${this.#path('cpu', cgroup)}/cpu.shares`, String(shares));
    }
  }
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
