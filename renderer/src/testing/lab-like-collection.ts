/** A collection tree for environment and run tests. */
import type { CollectionTree } from '../../../shared/api';

/** Shaped like the shipped lab collection: defaults with a target variable and a secret, one folder with defaults. */
export const labLikeTree: CollectionTree = {
  root: '/work/lab',
  collection: {
    kind: 'collection',
    version: 1,
    name: 'Demo lab',
    defaults: {
      target: '{{target}}',
      deadline: '5s',
      metadata: { 'x-api-key': '{{secret.apiKey}}', 'x-team': 'core' },
    },
  },
  problems: [],
  children: [
    {
      type: 'folder',
      path: 'users',
      id: 'users',
      name: 'Users',
      folder: { kind: 'folder', defaults: { metadata: { 'x-team': 'users-{{region}}' } } },
      children: [],
    },
  ],
  environments: [
    {
      path: 'environments/local.yaml',
      id: 'local',
      environment: {
        kind: 'environment',
        name: 'local',
        vars: { target: '127.0.0.1:50051', userId: 'u42', region: 'eu' },
        secrets: ['apiKey'],
      },
    },
    { path: 'environments/empty.yaml', id: 'empty', environment: { kind: 'environment', name: 'empty' } },
  ],
};
