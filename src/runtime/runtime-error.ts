import { ApiError } from '../errors.js';

/**
 * A runtime operation failed. `cause` is the underlying failure (usually the execa result of a
 * `ctr`, CNI or `ip` call, with its command, exit code and stderr).
 */
export class RuntimeError extends ApiError {
  readonly operation: string;
  readonly target: string;
  readonly notFound: boolean;
  constructor(operation: string, target: string, cause?: unknown, detail?: string) {
    const why = detail ?? describeCause(cause);
    super(500, 'InternalError', `Cannot ${operation} ${target}${why ? `: ${why}` : ''}`, undefined, { cause });
    this.name = 'RuntimeError';
    this.operation = operation;
    this.target = target;
    this.notFound = /not found|no such/i.test(why);
  }
}

function describeCause(cause: unknown): string {
  if (!cause || typeof cause !== 'object') return cause === undefined ? '' : String(cause);
  const c = cause as { stderr?: unknown; shortMessage?: unknown; message?: unknown };
  const stderr = typeof c.stderr === 'string' ? c.stderr.trim() : '';
  if (stderr) return stderr.split('\n').slice(-3).join(' | ');
  return String(c.shortMessage ?? c.message ?? '');
}
