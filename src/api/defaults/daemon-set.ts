/** apps/v1 DaemonSet defaults. */
import { objectAt, setDefault, type JsonObject } from './json.js';
import { defaultPodTemplateSpec } from './pod-spec.js';

export function defaultDaemonSet(daemonSet: JsonObject): void {
  const spec = objectAt(daemonSet, 'spec', true);
  const strategy = objectAt(spec, 'updateStrategy', true);
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const rollingUpdate = objectAt(strategy, 'rollingUpdate', true);
    setDefault(rollingUpdate, 'maxUnavailable', 1);
    setDefault(rollingUpdate, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  const template = objectAt(spec, 'template');
  if (template) defaultPodTemplateSpec(template);
}
