/**
 * Resolves with the first truthy value `probe()` returns; rejects naming `what` (and the last
 * value or error seen) once `ms` have passed. Polls every `intervalMs`: a condition with a deadline.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, ms = 10_000, intervalMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err instanceof Error ? err.message : err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
