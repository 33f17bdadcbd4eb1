import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from '../proto-samples/cluster/cluster';
import { startLabCluster } from '../proto-samples/cluster/cluster';
import { expectAccessible, useTheme } from './accessibility';
import { expect, test } from './fixtures';
import { connect, connectionBar, pickMethod } from './workbench-page';

// bypassCSP lets axe-core be injected past the page's strict CSP (security.spec.ts tests the CSP itself).
test.use({ viewport: { width: 1600, height: 1400 }, bypassCSP: true });

/**
 * The Cluster panel end to end against the lab cluster (a Kubernetes API stand-in whose pods are
 * lab backends): a per-pod forward to user-svc shows the three pods by name, its k8s:// target
 * becomes the request's, and a burst through it names the pods in the hit map, with the Service
 * check beside it. The host's engine reads $KUBECONFIG on every cluster call: it is pointed at this
 * test's cluster before the fixtures start browser mode, and put back after; saved forwards go to
 * the fixture server's own data folder.
 */
let cluster: LabCluster;
const before = { KUBECONFIG: process.env.KUBECONFIG };

test.beforeAll(async () => {
  cluster = await startLabCluster();
  process.env.KUBECONFIG = cluster.kubeconfigPath;
});
test.afterAll(async () => {
  for (const [name, value] of Object.entries(before)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  await cluster?.close();
});

test('the Cluster panel forwards per pod, and a burst through it names the pods beside the Service check', async ({
  page,
  workbench,
}) => {
  const podNames = cluster.pods().map((pod) => pod.name);
  await page.getByRole('tab', { name: 'Cluster' }).click();
  const services = page.getByRole('region', { name: 'Services' });
  const userSvc = services.getByRole('listitem', { name: 'Service user-svc' });
  await expect(userSvc).toContainText('3/3 pods ready');
  await expect(page.getByRole('region', { name: 'Pods' })).toContainText(podNames[0] as string);

  await userSvc.getByRole('button', { name: 'Forward user-svc grpc (50051) per pod' }).click();
  const forward = page.getByRole('listitem', { name: 'Forward svc/user-svc:grpc per-pod' });
  await expect(forward.getByRole('status')).toHaveText('ready');
  const addresses = forward.getByRole('list', { name: 'Local addresses' });
  for (const name of podNames) await expect(addresses).toContainText(name);
  await expect(addresses.getByRole('listitem')).toHaveCount(3);
  await page
    .getByRole('region', { name: 'Forwards' })
    .screenshot({ path: test.info().outputPath('cluster-forward.png') });
  await expectAccessible(page, 'the Cluster panel with a forward (light)');
  await useTheme(page, 'dark');
  await expectAccessible(page, 'the Cluster panel with a forward (dark)');
  // Kept for the next start, in the data folder: what to forward, never the kubeconfig's token.
  const saved = readFileSync(join(workbench.dataDir, 'forwards.json'), 'utf8');
  expect(saved).toContain('"user-svc"');
  expect(saved).not.toContain('token');

  await forward.getByRole('button', { name: 'Use as target' }).click();
  await expect(connectionBar(page).getByRole('textbox', { name: 'Target' })).toHaveValue('k8s://lab/lab/user-svc:grpc');
  await connect(page);
  await pickMethod(page, 'GetUser');
  await page.getByRole('tab', { name: 'Load balancing' }).click();
  await page.getByLabel('Calls', { exact: true }).fill('60');
  await page.getByLabel(/Request JSON/).fill('{"id":"u1"}');
  await page.getByRole('button', { name: 'Run burst' }).click();

  // A burst to a k8s:// target fans out per pod: every pod answered, named by its pod.
  const hitMap = page.getByRole('region', { name: 'Hit map' });
  for (const name of podNames)
    await expect(hitMap.getByRole('listitem', { name: new RegExp(`^${name}: \\d+ calls$`) })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run burst' })).toBeEnabled();
  const verdict = page.getByRole('region', { name: 'Verdict' });
  await expect(verdict).toContainText('Balanced');

  // Beside the hit map: what user-svc (a ClusterIP Service) does to a gRPC client's one connection.
  const check = page.getByRole('region', { name: 'Service check' });
  await expect(check).toContainText('Service user-svc (lab): this will affect gRPC traffic');
  await expect(check).toContainText('Fix:');
  await expectAccessible(page, 'the lens with the Service check (dark)');
  await page.screenshot({ path: test.info().outputPath('cluster-burst.png') });
});
