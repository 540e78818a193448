import { CoreApp, DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceWithBackend } from '@grafana/runtime';

import { DEFAULT_QUERY, ScpOptions, ScpQuery } from './types';

export class DataSource extends DataSourceWithBackend<ScpQuery, ScpOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<ScpOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(_: CoreApp): Partial<ScpQuery> {
    return DEFAULT_QUERY;
  }
}
