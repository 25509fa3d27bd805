import type { TerminalSize } from './types.js';

/** Decodes client-go's TerminalSize JSON objects (`{"Width":80,"Height":24}`), one per line. */
export class ResizeDecoder {
  #buffer = '';

  push(chunk: Buffer | string): TerminalSize[] {
    this.#buffer += chunk.toString();
    const sizes: TerminalSize[] = [];
    let nl: number;
    while ((nl = this.#buffer.search(/[\n}]/)) >= 0) {
      const end = this.#buffer[nl] === '}' ? nl + 1 : nl;
      const text = this.#buffer.slice(0, end).trim();
      this.#buffer = this.#buffer.slice(end + (this.#buffer[nl] === '\n' ? 1 : 0));
      const size = parseSize(text);
      if (size) sizes.push(size);
    }
    return sizes;
  }
}

export function parseSize(text: string): TerminalSize | undefined {
  if (!text) return undefined;
  try {
    const v = JSON.parse(text) as { Width?: number; Height?: number; width?: number; height?: number };
    const width = Number(v.Width ?? v.width);
    const height = Number(v.Height ?? v.height);
    return Number.isFinite(width) && Number.isFinite(height) ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
