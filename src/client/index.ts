export { KubeClient, KubeApiError, type KubeResponse } from './kube-client.js';
export { loadKubeconfig, type ClientConfig } from './kubeconfig.js';
export { listWatch, objectKey, type ListWatchClient, type ResourceWatch } from './list-watch.js';
