import { DataSourceInstanceSettings, DataSourceSettings, PluginType } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

import type { DataSource } from '../../../src/datasource';
import type { ScpOptions, ScpSecureJsonData } from '../../../src/types';
import pluginJson from '../../../src/plugin.json';

export type Settings = DataSourceSettings<ScpOptions, ScpSecureJsonData>;

export function loadSettings(uid: string): Promise<Settings> {
  return getBackendSrv().get(`/api/datasources/uid/${uid}`);
}

export type DataSourceClass = new (settings: DataSourceInstanceSettings<ScpOptions>) => DataSource;

/** The plugin's DataSource (its sources', or the built module's), built from the stored settings as Grafana builds it. */
export async function loadDataSource(uid: string, DataSourceClass: DataSourceClass): Promise<DataSource> {
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
  return new DataSourceClass(instance);
}
