import { expect, test } from '@grafana/plugin-e2e';

// Against a real Grafana with the provisioned simulator data source (npm run server).

test('smoke: a new panel shows the status of every server', async ({ panelEditPage, readProvisionedDataSource }) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yml' });
  await panelEditPage.datasource.set(ds.name);
  const row = panelEditPage.getQueryEditorRow('A');
  await expect(row.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
  await expect(row.getByRole('radio', { name: 'All' })).toBeChecked();
  await panelEditPage.setVisualization('Table');
  await expect(panelEditPage.refreshPanel()).toBeOK();
  await expect(panelEditPage.panel.fieldNames).toContainText(['id', 'name', 'nickname', 'state', 'running']);
});

test('picking a query type runs the new query', async ({ panelEditPage, readProvisionedDataSource, page }) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yml' });
  await panelEditPage.datasource.set(ds.name);
  await panelEditPage.setVisualization('Table');
  const queryReq = panelEditPage.waitForQueryDataRequest();
  await panelEditPage.getQueryEditorRow('A').getByRole('combobox', { name: 'Query type' }).click();
  await page.getByRole('option', { name: /^Disks/ }).click();
  expect(await queryReq).toBeTruthy();
  await expect(panelEditPage.panel.fieldNames).toContainText(['device', 'capacityBytes', 'usedPercent']);
});

test('a server status field gives one number per server', async ({
  panelEditPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yml' });
  await panelEditPage.datasource.set(ds.name);
  await panelEditPage.getQueryEditorRow('A').getByRole('combobox', { name: 'Field' }).click();
  await page.getByRole('option', { name: /^running/ }).click();
  await panelEditPage.setVisualization('Stat');
  await expect(panelEditPage.refreshPanel()).toBeOK();
  await expect(panelEditPage.panel.data).toContainText(['1']);
});
