/** The parameters of an exec or attach request (kubelet's query form). */
export interface CommandRequest {
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

const truthy = (v: string | null): boolean => v === 'true' || v === '1';

export function parseCommandRequest(query: URLSearchParams): CommandRequest {
  const tty = truthy(query.get('tty'));
  return {
    command: query.getAll('command'),
    stdin: truthy(query.get('stdin')) || truthy(query.get('input')),
    stdout: truthy(query.get('stdout')) || truthy(query.get('output')),
    // With a terminal, stderr is merged into stdout.
    stderr: !tty && truthy(query.get('stderr')),
    tty,
  };
}
