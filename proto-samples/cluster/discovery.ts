import type { Resource } from './object-store';

/** The discovery documents kubectl reads to map `svc`, `po`, `endpointslices` to API paths. */

export const serverVersion = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-lab',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

interface ResourceInfo {
  resource: Resource;
  group: '' | 'discovery.k8s.io' | 'apps';
  kind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
}

export const resources: ResourceInfo[] = [
  {
    resource: 'namespaces',
    group: '',
    kind: 'Namespace',
    singular: 'namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['get', 'list', 'watch'],
  },
  {
    resource: 'pods',
    group: '',
    kind: 'Pod',
    singular: 'pod',
    namespaced: true,
    shortNames: ['po'],
    verbs: ['delete', 'get', 'list', 'watch'],
  },
  {
    resource: 'services',
    group: '',
    kind: 'Service',
    singular: 'service',
    namespaced: true,
    shortNames: ['svc'],
    verbs: ['get', 'list', 'watch'],
  },
  {
    resource: 'endpointslices',
    group: 'discovery.k8s.io',
    kind: 'EndpointSlice',
    singular: 'endpointslice',
    namespaced: true,
    verbs: ['get', 'list', 'watch'],
  },
  {
    resource: 'deployments',
    group: 'apps',
    kind: 'Deployment',
    singular: 'deployment',
    namespaced: true,
    shortNames: ['deploy'],
    verbs: ['get', 'list', 'watch'],
  },
];

const groups = [
  { name: 'discovery.k8s.io', version: 'v1' },
  { name: 'apps', version: 'v1' },
];

export function resourceInfo(group: string, resource: string): ResourceInfo | undefined {
  return resources.find((r) => r.group === group && r.resource === resource);
}

export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function apiGroupList(): object {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((g) => apiGroup(g.name)),
  };
}

export function apiGroup(name: string): object | undefined {
  const group = groups.find((g) => g.name === name);
  if (!group) return undefined;
  const version = { groupVersion: `${group.name}/${group.version}`, version: group.version };
  return { kind: 'APIGroup', apiVersion: 'v1', name: group.name, versions: [version], preferredVersion: version };
}

/** APIResourceList of a group version (`v1` for the core group), or undefined when unknown. */
export function apiResourceList(group: string, version: string): object | undefined {
  if (version !== 'v1' || (group !== '' && !groups.some((g) => g.name === group))) return undefined;
  const list = resources.filter((r) => r.group === group);
  const entries = list.flatMap((r) => [
    {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: r.verbs,
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.resource === 'pods' || r.resource === 'services' || r.resource === 'deployments'
        ? { categories: ['all'] }
        : {}),
    },
    ...(r.resource === 'pods'
      ? [
          {
            name: 'pods/portforward',
            singularName: '',
            namespaced: true,
            kind: 'PodPortForwardOptions',
            verbs: ['create', 'get'],
          },
        ]
      : []),
  ]);
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group === '' ? 'v1' : `${group}/v1`,
    resources: entries,
  };
}
