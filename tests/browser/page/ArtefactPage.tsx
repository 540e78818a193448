import React, { useEffect, useState } from 'react';
import { CustomVariableSupport, DataSourcePlugin } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';
import { Alert, Stack, Text } from '@grafana/ui';

import type { DataSource } from '../../../src/datasource';
import type { ScpOptions, ScpQuery } from '../../../src/types';
import { ConfigEditorComponent, ConfigPage } from './ConfigPage';
import { DataSourceClass, loadDataSource } from './dataSource';
import { MODULE_URL, importPluginModule } from './pluginLoader';
import { QueryEditorComponent, QueryPage } from './QueryPage';
import { Box } from './Shell';

type ScpPlugin = DataSourcePlugin<DataSource, ScpQuery, ScpOptions>;

interface Loaded {
  plugin?: ScpPlugin;
  datasource?: DataSource;
  error?: string;
}

/**
 * What Grafana reads from a data-source plugin's module, checked against this page's own
 * @grafana packages: instanceof holds only if the module's externals resolved to them.
 */
function inspect(plugin: ScpPlugin | undefined, datasource: DataSource | undefined): Array<[string, string]> {
  const yes = (ok: unknown) => (ok ? 'yes' : 'no');
  return [
    ['exports a DataSourcePlugin', yes(plugin instanceof DataSourcePlugin)],
    ['ConfigEditor', yes(typeof plugin?.components.ConfigEditor === 'function')],
    ['QueryEditor', yes(typeof plugin?.components.QueryEditor === 'function')],
    ['DataSource extends DataSourceWithBackend', yes(datasource instanceof DataSourceWithBackend)],
    [
      'variable support with an editor',
      yes(datasource?.variables instanceof CustomVariableSupport && Boolean(datasource.variables.editor)),
    ],
    [
      'annotation support with an editor',
      yes(datasource?.annotations?.QueryEditor && datasource.annotations.processEvents),
    ],
  ];
}

/**
 * The built plugin in the page: dist/module.js loaded through SystemJS as Grafana loads it, its
 * checks listed, then its own config page (#/artefact-config) or query editor (#/artefact).
 */
export function ArtefactPage({ uid, view }: { uid: string; view: 'query' | 'config' }) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();
  useEffect(() => {
    importPluginModule()
      .then(async (module) => {
        const plugin = module.plugin as ScpPlugin;
        const DataSourceClass = plugin.DataSourceClass as unknown as DataSourceClass;
        setLoaded({ plugin, datasource: await loadDataSource(uid, DataSourceClass) });
      })
      .catch((err: unknown) => setLoaded({ error: String(err) }));
  }, [uid]);

  if (!loaded) {
    return null;
  }
  const { plugin, datasource, error } = loaded;
  return (
    <Stack direction="column" gap={2}>
      <Box label={`Built plugin: ${MODULE_URL}`} testId="artefact">
        {error && (
          <Alert severity="error" title="The module did not load">
            {error}
          </Alert>
        )}
        <Stack direction="column" gap={0.5}>
          {inspect(plugin, datasource).map(([what, answer]) => (
            <Text key={what} element="p">
              {`${what}: `}
              <strong data-testid={what}>{answer}</strong>
            </Text>
          ))}
        </Stack>
      </Box>
      {plugin && view === 'config' && (
        <ConfigPage uid={uid} editor={plugin.components.ConfigEditor as unknown as ConfigEditorComponent} />
      )}
      {plugin && datasource && view === 'query' && (
        <QueryPage datasource={datasource} editor={plugin.components.QueryEditor as unknown as QueryEditorComponent} />
      )}
    </Stack>
  );
}
