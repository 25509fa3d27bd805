type Obj = Record<string, any>;

/** autoscaling/v1 → v2 (the stored version): targetCPUUtilizationPercentage becomes a cpu Resource metric. */
export function hpaV1ToV2(v1: Obj): Obj {
  const { spec = {}, status, ...rest } = v1;
  const { targetCPUUtilizationPercentage, ...specRest } = spec;
  const out: Obj = { ...rest, apiVersion: 'autoscaling/v2', spec: { ...specRest } };
  if (targetCPUUtilizationPercentage !== undefined && targetCPUUtilizationPercentage !== null) {
    out.spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }];
  }
  if (status) {
    const { currentCPUUtilizationPercentage, ...statusRest } = status;
    out.status = { ...statusRest };
    if (currentCPUUtilizationPercentage !== undefined && currentCPUUtilizationPercentage !== null) {
      out.status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } }];
    }
  }
  return out;
}

/** autoscaling/v2 → v1: the cpu Utilization metric, if any, becomes targetCPUUtilizationPercentage. */
export function hpaV2ToV1(v2: Obj): Obj {
  const { spec = {}, status, ...rest } = v2;
  const { metrics, behavior: _behavior, ...specRest } = spec;
  const out: Obj = { ...rest, apiVersion: 'autoscaling/v1', spec: { ...specRest } };
  const cpu = (metrics ?? []).find((m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization');
  if (cpu) out.spec.targetCPUUtilizationPercentage = cpu.resource.target.averageUtilization;
  if (status) {
    const { currentMetrics, conditions: _conditions, ...statusRest } = status;
    out.status = { ...statusRest };
    const current = (currentMetrics ?? []).find((m: Obj) => m.type === 'Resource' && m.resource?.name === 'cpu');
    if (current?.resource?.current?.averageUtilization !== undefined) out.status.currentCPUUtilizationPercentage = current.resource.current.averageUtilization;
  }
  return out;
}
