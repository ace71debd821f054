/**
 * Which function serves which route. Each Lambda handler serves only its own routes; the local
 * server uses the same table to pick the handler for a request.
 */
export type FunctionName = 'admin' | 'produce' | 'fetch' | 'groups' | 'maintenance';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path with `{param}` segments, under /v1. */
  path: string;
  fn: FunctionName;
  /** Operation id in the OpenAPI document. */
  operationId: string;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/v1/endpoints', fn: 'admin', operationId: 'getEndpoints' },
  { method: 'POST', path: '/v1/topics', fn: 'admin', operationId: 'createTopic' },
  { method: 'GET', path: '/v1/topics', fn: 'admin', operationId: 'listTopics' },
  { method: 'GET', path: '/v1/topics/{topic}', fn: 'admin', operationId: 'describeTopic' },
  { method: 'DELETE', path: '/v1/topics/{topic}', fn: 'admin', operationId: 'deleteTopic' },
  { method: 'PATCH', path: '/v1/topics/{topic}/configs', fn: 'admin', operationId: 'alterTopicConfigs' },
  { method: 'POST', path: '/v1/topics/{topic}/partitions', fn: 'admin', operationId: 'createPartitions' },
  { method: 'POST', path: '/v1/topics/{topic}/delete-records', fn: 'admin', operationId: 'deleteRecords' },
  { method: 'POST', path: '/v1/topics/{topic}/records', fn: 'produce', operationId: 'produce' },
  { method: 'POST', path: '/v1/producers', fn: 'produce', operationId: 'initProducer' },
  { method: 'GET', path: '/v1/topics/{topic}/partitions/{partition}/records', fn: 'fetch', operationId: 'fetchPartition' },
  { method: 'POST', path: '/v1/fetch', fn: 'fetch', operationId: 'fetch' },
  { method: 'GET', path: '/v1/topics/{topic}/offsets', fn: 'fetch', operationId: 'listOffsets' },
  { method: 'GET', path: '/v1/groups', fn: 'groups', operationId: 'listGroups' },
  { method: 'GET', path: '/v1/groups/{group}', fn: 'groups', operationId: 'describeGroup' },
  { method: 'DELETE', path: '/v1/groups/{group}', fn: 'groups', operationId: 'deleteGroup' },
  { method: 'PATCH', path: '/v1/groups/{group}/configs', fn: 'groups', operationId: 'alterGroupConfigs' },
  { method: 'POST', path: '/v1/groups/{group}/heartbeat', fn: 'groups', operationId: 'heartbeat' },
  { method: 'DELETE', path: '/v1/groups/{group}/members/{member}', fn: 'groups', operationId: 'leaveGroup' },
  { method: 'POST', path: '/v1/groups/{group}/offsets', fn: 'groups', operationId: 'commitOffsets' },
  { method: 'GET', path: '/v1/groups/{group}/offsets', fn: 'groups', operationId: 'fetchOffsets' },
  { method: 'POST', path: '/v1/groups/{group}/offsets/reset', fn: 'groups', operationId: 'resetOffsets' },
  { method: 'POST', path: '/v1/maintenance/run', fn: 'maintenance', operationId: 'runMaintenance' },
];

export interface RouteMatch {
  route: RouteSpec;
  params: Record<string, string>;
}

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${source}/?$`) };
});

/**
 * Finds the route for a request. `methodMismatch` is true when the path exists under another
 * method, so the caller can answer 405 rather than 404.
 */
export function matchRoute(method: string, path: string): RouteMatch | { methodMismatch: boolean } {
  let methodMismatch = false;
  for (const { route, names, regex } of compiled) {
    const m = regex.exec(path);
    if (!m) continue;
    if (route.method !== method.toUpperCase()) {
      methodMismatch = true;
      continue;
    }
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeURIComponent(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return { methodMismatch };
}
