import React, { ComponentType, useEffect, useState } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Button, Stack } from '@grafana/ui';
import { getBackendSrv } from '@grafana/runtime';

import type { ScpOptions, ScpSecureJsonData } from '../../../src/types';
import { Box } from './Shell';
import { Settings, loadSettings } from './dataSource';

export type ConfigEditorComponent = ComponentType<DataSourcePluginOptionsEditorProps<ScpOptions, ScpSecureJsonData>>;

interface Health {
  status: string;
  message: string;
}

/** The data source settings page: the plugin's ConfigEditor and Grafana's "Save & test". */
export function ConfigPage({ uid, editor: ConfigEditor }: { uid: string; editor: ConfigEditorComponent }) {
  const [options, setOptions] = useState<Settings | undefined>();
  const [health, setHealth] = useState<Health | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    loadSettings(uid).then(setOptions);
  }, [uid]);

  // As Grafana: save the settings (secrets leave the browser here), reload them, run the health check.
  const saveAndTest = async () => {
    if (!options) {
      return;
    }
    setBusy(true);
    setHealth(undefined);
    try {
      const saved: { datasource: Settings } = await getBackendSrv().put(`/api/datasources/uid/${uid}`, options);
      setOptions(saved.datasource);
      setHealth(await getBackendSrv().get(`/api/datasources/uid/${uid}/health`));
    } catch (err) {
      const e = err as { data?: Health };
      setHealth({ status: 'ERROR', message: e.data?.message ?? String(err) });
    } finally {
      setBusy(false);
    }
  };

  if (!options) {
    return null;
  }
  return (
    <Box label={`Settings of "${options.name}"`} testId="config-editor">
      <ConfigEditor options={options} onOptionsChange={setOptions} />
      <Stack direction="column" gap={2}>
        {health && (
          <Alert severity={health.status === 'OK' ? 'success' : 'error'} title={health.message} data-testid="health" />
        )}
        <Stack>
          <Button onClick={saveAndTest} disabled={busy}>
            Save &amp; test
          </Button>
        </Stack>
      </Stack>
    </Box>
  );
}
