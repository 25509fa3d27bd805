import { BadRequestError } from '../../errors.js';

/** Splits an RFC 6901 JSON pointer into unescaped reference tokens ("" is the whole document). */
export function parsePointer(pointer: unknown, op: string): string[] {
  if (typeof pointer !== 'string') {
    throw new BadRequestError(`json patch ${op} operation: path must be a string, got ${JSON.stringify(pointer)}`);
  }
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new BadRequestError(`json patch ${op} operation: invalid path "${pointer}": must start with "/"`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map((token) => {
      if (/~[^01]|~$/.test(token)) {
        throw new BadRequestError(`json patch ${op} operation: invalid escape in path "${pointer}"`);
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}
