/**
 * Upstream's FitError wording: reasons counted over nodes, "<count> <reason>" sorted as
 * strings, then the preemption post-filter's verdict (mk8s does not preempt).
 */
export function failureMessage(totalNodes: number, reasons: ReadonlyMap<string, number>): string {
  if (totalNodes === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${totalNodes} nodes are available: ${parts.join(', ')}. preemption: 0/${totalNodes} nodes are available: ${totalNodes} Preemption is not helpful for scheduling.`;
}
