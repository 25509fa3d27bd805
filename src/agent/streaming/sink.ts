import { Writable } from 'node:stream';

/** A Writable that drops everything: stdout or stderr the client did not ask for. */
export function sink(): Writable {
  return new Writable({ write: (_chunk, _enc, cb) => cb() });
}
