import { expect, test } from '@playwright/test';

import { pick, resultFrames, servers, snapshot } from './helpers';

test.describe('query editor', () => {
  test('starts with a useful panel: the status of every server', async ({ page, request }) => {
    const fleet = await servers(request);
    await page.goto('/#/query');
    const editor = page.getByTestId('query-editor');
    await expect(editor.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
    await expect(editor.getByRole('radio', { name: 'All' })).toBeChecked();
    await expect(resultFrames(page).first()).toContainText(`serverStatus · table · ${fleet.length} rows`);
  });

  test('picks a query type and servers offered by the simulator through the plugin', async ({ page, request }) => {
    const fleet = await servers(request);
    expect(fleet.length).toBe(8);
    await page.goto('/#/query');
    const editor = page.getByTestId('query-editor');

    await pick(page, 'Query type', /^Disks/);
    await expect(resultFrames(page).first()).toContainText('disks · table');

    await editor.getByRole('radio', { name: 'Pick' }).click();
    await editor.getByRole('combobox', { name: 'Pick' }).click();
    // Every server of the simulated account is offered, by name, after the dashboard variable.
    await expect(page.getByRole('option', { name: /\$server/ })).toBeVisible();
    for (const server of fleet.slice(0, 3)) {
      await expect(page.getByRole('option', { name: new RegExp(`^${server.label}`) })).toBeVisible();
    }
    await page.getByRole('option', { name: new RegExp(`^${fleet[0].label}`) }).click();
    await page.getByRole('option', { name: new RegExp(`^${fleet[1].label}`) }).click();
    await page.keyboard.press('Escape');

    // Only the two picked servers' disks come back.
    const ids = resultFrames(page).first().locator('tbody tr td:first-child');
    await expect
      .poll(async () => new Set(await ids.allTextContents()))
      .toEqual(new Set([fleet[0].value, fleet[1].value]));

    await page.getByRole('heading', { name: 'Query A' }).click(); // leave the picker, as a user would
    await expect(editor.getByText(fleet[1].label, { exact: true })).toBeVisible();
    await snapshot(page, 'query-editor', 'query-editor');
  });

  test('says in the alert-rule editor what cannot alert, and a field fixes it', async ({ page }) => {
    await page.goto('/#/query');
    await page.getByRole('radio', { name: 'Alert rule' }).click();
    const editor = page.getByTestId('query-editor');
    await pick(page, 'Query type', /^Interfaces/);
    await expect(editor.getByText('Not for alerts')).toBeVisible();
    await pick(page, 'Field', /^speedMbits/);
    await expect(editor.getByText('Not for alerts')).toBeHidden();
    await expect(page.getByTestId('frame-count')).not.toHaveText('1 frame');
    await expect(resultFrames(page).first()).toContainText('speedMbits · numeric-multi');

    await editor.getByRole('combobox', { name: 'Query type' }).click();
    await expect(page.getByRole('option', { name: /^Snapshots/ })).toContainText('not for alerts');
    await expect(page.getByRole('option', { name: /^Metrics/ })).not.toContainText('not for alerts');
  });

  test('draws metric series named by the legend format', async ({ page }) => {
    await page.goto('/#/query');
    await pick(page, 'Query type', /^Metrics/);
    await page.getByRole('radio', { name: 'Network' }).click();
    const legend = page.getByRole('textbox', { name: 'Legend' });
    await legend.fill('{{server}} {{direction}}');
    await legend.blur();
    await expect(resultFrames(page).first()).toContainText('timeseries-multi');
  });
});

test('variable editor lists the servers and switches to disks of $server', async ({ page, request }) => {
  const fleet = await servers(request);
  await page.goto('/#/variable');
  const preview = page.getByTestId('variable-preview');
  await expect(preview.getByText(fleet[0].label, { exact: true })).toBeVisible();
  await expect(preview.locator('span')).toHaveCount(fleet.length);
  await page.getByRole('radio', { name: 'Disks' }).click();
  await expect(page.getByText('Of servers')).toBeVisible();
  await expect(preview.getByText(/^vd[a-z]$/).first()).toBeVisible();
  await snapshot(page, 'variable-editor', 'variable-editor');
});

test('annotation editor turns tasks into events', async ({ page }) => {
  await page.goto('/#/annotation');
  const editor = page.getByTestId('annotation-editor');
  await expect(editor.getByRole('combobox', { name: 'Query type' })).toHaveValue('Tasks');
  await expect(page.getByTestId('event-count')).not.toHaveText('0 events');
  await pick(page, 'States', 'ERROR');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('annotation-events').getByRole('listitem').first()).toContainText('ERROR');
  await snapshot(page, 'annotation-editor', 'annotation-editor');
});
