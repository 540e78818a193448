import { expect, test } from '@playwright/test';

import pluginJson from '../../src/plugin.json';
import { freshDataSource, pick, resultFrames } from './helpers';

const MODULE = `/public/plugins/${pluginJson.id}/module.js`;

/** What Grafana reads from the module; "yes" only if its externals resolved to the page's packages. */
const CHECKS = [
  'exports a DataSourcePlugin',
  'ConfigEditor',
  'QueryEditor',
  'DataSource extends DataSourceWithBackend',
  'variable support with an editor',
  'annotation support with an editor',
];

test.describe('the built plugin (dist/module.js through SystemJS, as Grafana loads it)', () => {
  test('exports a data source plugin whose query editor reads through the backend', async ({ page }) => {
    const module = page.waitForResponse((rsp) => new URL(rsp.url()).pathname === MODULE);
    await page.goto('/#/artefact');
    expect((await module).status()).toBe(200);
    const artefact = page.getByTestId('artefact');
    for (const check of CHECKS) {
      await expect(artefact.getByTestId(check), check).toHaveText('yes');
    }

    const editor = page.getByTestId('query-editor');
    await expect(editor.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
    await expect(resultFrames(page).first()).toContainText('serverStatus · table · 8 rows');
    await pick(page, 'Query type', /^Disks/);
    await pick(page, 'Field', /^usedPercent/);
    await expect(resultFrames(page).first()).toContainText('usedPercent · numeric-multi');
  });

  test('its config page signs in with netcup and the health check is green', async ({ page, request }) => {
    const uid = await freshDataSource(request);
    await page.goto(`/#/artefact-config?uid=${uid}`);
    await expect(page.getByTestId('artefact').getByTestId('ConfigEditor')).toHaveText('yes');
    const editor = page.getByTestId('config-editor');
    await editor.getByRole('button', { name: 'Sign in with netcup' }).click();
    await expect(editor.getByLabel('User code')).toHaveText(/^[A-Z]{4}-[A-Z]{4}$/);
    await expect(editor.getByText('Signed in with netcup')).toBeVisible();
    await editor.getByRole('button', { name: 'Save & test' }).click();
    await expect(page.getByTestId('health')).toContainText(/^Connected to netcup SCP as \S+: 8 servers$/);
  });
});
