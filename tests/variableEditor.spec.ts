import { expect, test } from '@grafana/plugin-e2e';

// Against a real Grafana with the provisioned simulator data source (npm run server).

test('a query variable lists the servers of the account', async ({
  variableEditPage,
  readProvisionedDataSource,
  page,
}) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yml' });
  await variableEditPage.setVariableType('Query');
  await variableEditPage.datasource.set(ds.name);
  await expect(page.getByRole('radio', { name: 'Servers' })).toBeChecked();
  await variableEditPage.runQuery();
  // The simulator's fleet (seed 1) starts with these servers.
  await expect(variableEditPage).toDisplayPreviews(['mon1', 'mon2']);
});

test('an annotation reads SCP tasks', async ({ annotationEditPage, readProvisionedDataSource, page }) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yml' });
  await annotationEditPage.datasource.set(ds.name);
  await expect(page.getByRole('combobox', { name: 'Query type' })).toHaveValue('Tasks');
  await expect(annotationEditPage.runQuery()).toBeOK();
});
