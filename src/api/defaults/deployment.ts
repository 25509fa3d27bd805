/** apps/v1 Deployment defaults. */
import { objectAt, setDefault, type JsonObject } from './json.js';
import { defaultPodTemplateSpec } from './pod-spec.js';

export function defaultDeployment(deployment: JsonObject): void {
  const spec = objectAt(deployment, 'spec', true);
  setDefault(spec, 'replicas', 1);
  const strategy = objectAt(spec, 'strategy', true);
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = objectAt(strategy, 'rollingUpdate', true);
    setDefault(rollingUpdate, 'maxUnavailable', '25%');
    setDefault(rollingUpdate, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  const template = objectAt(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}
