// `npm run lab -- --cluster`: starts the lab cluster, prints KUBECONFIG=<path> and what to try,
// and runs until SIGINT/SIGTERM.
import type { LabClusterCommand } from '../lab/lab-command';
import { startLabCluster } from './cluster';
import type { LabCluster } from './cluster';

export async function runLabCluster(command: LabClusterCommand): Promise<number> {
  let cluster: LabCluster;
  try {
    cluster = await startLabCluster({
      apiPort: command.apiPort,
      ...(command.kubeconfigPath === undefined ? {} : { kubeconfigPath: command.kubeconfigPath }),
    });
  } catch (error) {
    console.error(`lab: ${(error as Error).message}`);
    return 1;
  }
  console.log(describeLabCluster(cluster));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await cluster.close();
  console.log('lab cluster stopped');
  return 0;
}

export function describeLabCluster(cluster: LabCluster): string {
  const kubeconfig = `KUBECONFIG=${cluster.kubeconfigPath}`;
  return [
    kubeconfig,
    '',
    `gRPC Workbench lab cluster: a Kubernetes API server stand-in on ${cluster.url}`,
    '',
    ...cluster
      .pods()
      .map((pod) => `  pod ${pod.name.padEnd(24)} ${`${pod.ip}:${cluster.podPort}`.padEnd(22)} ${pod.node}`),
    '  svc user-svc       ClusterIP, port "grpc"               (the L4 pinning story)',
    '  svc user-headless  clusterIP: None, port "grpc"         (round_robin spreads)',
    '  svc user-legacy    ClusterIP, unnamed port, no appProtocol (a mesh sees TCP)',
    `  namespace ${cluster.namespace}; contexts lab (token), lab-exec (exec plugin), lab-cert (client certificate)`,
    '',
    'Try:',
    `  export ${kubeconfig}`,
    '  kubectl get pods -o wide',
    '  kubectl get svc,endpointslices',
    '  kubectl delete pod <NAME> --wait=false      # a replacement with a new name comes up',
    '',
    'Press Ctrl+C to stop.',
  ].join('\n');
}
