import { Page } from '@playwright/test';
import { expect, test } from '@grafana/plugin-e2e';

import { ScpOptions, ScpSecureJsonData } from '../src/types';

// Against a real Grafana with the provisioned data source (npm run server: Grafana and the
// SCP simulator in Docker). Not run in CI here; see tests/browser for the tests that are.

// The simulator as Grafana's container reaches it (docker-compose.yaml).
const simulator = process.env.SCP_SIM_URL || 'http://simulator:8085';

async function pointAtSimulator(page: Page) {
  // A new data source has no advanced settings yet, so their section starts closed.
  await page.getByRole('button', { name: 'Advanced' }).click();
  await page.getByRole('textbox', { name: /^API URL/ }).fill(`${simulator}/scp-core`);
  await page.getByRole('textbox', { name: /^Auth URL/ }).fill(`${simulator}/realms/scp/protocol/openid-connect`);
}

test('smoke: the config page offers the token, netcup sign-in and the advanced settings', async ({
  gotoDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource<ScpOptions, ScpSecureJsonData>({ fileName: 'datasources.yml' });
  await gotoDataSourceConfigPage(ds.uid);
  await expect(page.getByText('Refresh token', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with netcup' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^API URL/ })).toHaveValue(/\/scp-core$/);
});

test('"Save & test" succeeds for the provisioned simulator data source', async ({
  gotoDataSourceConfigPage,
  readProvisionedDataSource,
}) => {
  const ds = await readProvisionedDataSource<ScpOptions, ScpSecureJsonData>({ fileName: 'datasources.yml' });
  const configPage = await gotoDataSourceConfigPage(ds.uid);
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /Connected to netcup SCP as .+: \d+ servers/ });
});

test('"Save & test" names the fix when no token is stored', async ({
  createDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource<ScpOptions, ScpSecureJsonData>({ fileName: 'datasources.yml' });
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await pointAtSimulator(page);
  await expect(configPage.saveAndTest()).not.toBeOK();
  await expect(configPage).toHaveAlert('error', { hasText: /no netcup refresh token is configured/i });
});

test('signs in with netcup against the simulator, which approves by itself', async ({
  createDataSourceConfigPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource<ScpOptions, ScpSecureJsonData>({ fileName: 'datasources.yml' });
  const configPage = await createDataSourceConfigPage({ type: ds.type });
  await pointAtSimulator(page);
  // Sign-in uses the saved Auth URL.
  await configPage.saveAndTest();
  await page.getByRole('button', { name: 'Sign in with netcup' }).click();
  await expect(page.getByLabel('User code')).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
  // docker-compose starts the simulator with -device-auto-approve 3 and a 5 s interval.
  await expect(page.getByText('Signed in with netcup')).toBeVisible({ timeout: 60_000 });
  await expect(configPage.saveAndTest()).toBeOK();
});
