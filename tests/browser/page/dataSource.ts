import { DataSourceInstanceSettings, DataSourceSettings, PluginType } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

import { DataSource } from '../../../src/datasource';
import { ScpOptions, ScpSecureJsonData } from '../../../src/types';
import pluginJson from '../../../src/plugin.json';

export type Settings = DataSourceSettings<ScpOptions, ScpSecureJsonData>;

export function loadSettings(uid: string): Promise<Settings> {
  return getBackendSrv().get(`/api/datasources/uid/${uid}`);
}

/** The plugin's DataSource, built from the stored settings as Grafana builds it. */
export async function loadDataSource(uid: string): Promise<DataSource> {
  const s = await loadSettings(uid);
  const instance: DataSourceInstanceSettings<ScpOptions> = {
    id: s.id,
    uid: s.uid,
    type: s.type,
    name: s.name,
    access: 'proxy',
    readOnly: false,
    jsonData: s.jsonData,
    meta: {
      id: pluginJson.id,
      name: pluginJson.name,
      type: PluginType.datasource,
      info: {
        author: pluginJson.info.author,
        description: pluginJson.info.description,
        links: [],
        logos: pluginJson.info.logos,
        screenshots: [],
        updated: '',
        version: '',
      },
      module: '',
      baseUrl: '',
    },
  };
  return new DataSource(instance);
}
