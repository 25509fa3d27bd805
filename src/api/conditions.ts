/** Whether an object (Pod, Node, ...) has condition `type` with status "True" (default: Ready). */
export function isConditionTrue(obj: { status?: { conditions?: { type?: string; status?: string }[] } } | undefined, type = 'Ready'): boolean {
  return (obj?.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}
