import { expect, test } from './fixtures';

// Tall enough that the whole lens (settings, verdict, hit map, channel) is on screen for the screenshots.
test.use({ viewport: { width: 1600, height: 1400 } });

/**
 * The load-balancing lens end to end: a burst through the lab's L4 proxy (the "ClusterIP Service")
 * over one shared channel pins to one backend; the two others show as empty tiles.
 */
test('a burst through the L4 proxy is pinned, with zero-hit tiles', async ({ page, lab }) => {
  const proxyTarget = lab.proxy!.address;
  const connection = page.getByRole('form', { name: 'Connection' });
  await connection.getByLabel('Target').fill(proxyTarget);
  await connection.getByRole('button', { name: 'Connect' }).click();
  await page
    .getByRole('navigation', { name: 'Services' })
    .getByRole('button', { name: /^GetUser/ })
    .click();
  await page.getByRole('tab', { name: 'Load balancing' }).click();

  // Aimed at the lab, the lens names backends by their x-backend header and knows all three.
  await expect(page.getByLabel(/Backend key/)).toHaveValue('x-backend');
  await page.getByLabel('Calls', { exact: true }).fill('60');
  await page.getByLabel(/Request JSON/).fill('{"id":"u1"}');
  await page.getByRole('button', { name: 'Run burst' }).click();

  const verdict = page.getByRole('region', { name: 'Verdict' });
  await expect(verdict).toContainText('Pinned');
  await expect(verdict).toContainText('60 of 60 calls went to backend-');
  await expect(verdict).toContainText('2 known backends got none');
  await expect(page.getByRole('button', { name: 'Run burst' })).toBeEnabled();

  const hitMap = page.getByRole('region', { name: 'Hit map' });
  await expect(hitMap.getByRole('listitem', { name: /: 60 calls$/ })).toHaveCount(1);
  const empty = hitMap.getByRole('listitem', { name: /: 0 calls$/ });
  await expect(empty).toHaveCount(2);
  for (const tile of await empty.all()) {
    await expect(tile).toBeVisible();
    await expect(tile).toContainText('0 calls');
  }

  // The shared channel the burst used is the one the channel panel watches: one READY subchannel (the proxy).
  const channel = page.getByRole('region', { name: 'Channel', exact: true });
  await expect(channel.getByRole('table', { name: 'Subchannels' })).toContainText(proxyTarget);
  await expect(channel.getByRole('table', { name: 'Subchannels' })).toContainText('READY');

  // The server's own view (its grpc.channelz.v1): the backend behind the proxy lists its connections.
  const serverView = page.getByRole('region', { name: 'Server view (channelz)' });
  await serverView.getByRole('button', { name: 'Query server channelz' }).click();
  await expect(serverView.getByRole('table', { name: /^Connections of / }).first()).toBeVisible();

  await hitMap.screenshot({ path: test.info().outputPath('lens-hit-map.png') });
  await channel.screenshot({ path: test.info().outputPath('lens-channel-panel.png') });
  await verdict.screenshot({ path: test.info().outputPath('lens-verdict.png') });
  await page.screenshot({ path: test.info().outputPath('lens-page.png') });
});

test('a lab scenario picked in the app fills the burst form and tells its story', async ({ page }) => {
  await page.getByRole('tab', { name: 'Load balancing' }).click();
  await page.getByRole('combobox', { name: 'Lab scenario' }).selectOption('l4-per-call');
  await expect(page.getByRole('region', { name: 'Lab scenarios' })).toContainText('press Run burst');
  await expect(page.getByRole('region', { name: 'Request' }).getByRole('heading')).toContainText('GetUser');
  await expect(page.getByLabel('Calls', { exact: true })).toHaveValue('30');
  await page.getByRole('button', { name: 'Run burst' }).click();
  const verdict = page.getByRole('region', { name: 'Verdict' });
  await expect(verdict).toContainText('Balanced');
  await expect(
    page.getByRole('region', { name: 'Hit map' }).getByRole('listitem', { name: /: 10 calls$/ }),
  ).toHaveCount(3);
  await page.screenshot({ path: test.info().outputPath('lens-scenario.png') });
});
