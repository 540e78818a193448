import { CoreApp, DataQueryRequest, DataQueryResponse, dateTime } from '@grafana/data';
import { Observable, lastValueFrom } from 'rxjs';

import { ScpQuery } from '../../../src/types';

let requests = 0;

/** A request as a dashboard panel sends it: the last 6 hours, the page's targets. */
export function panelRequest(targets: ScpQuery[], app: CoreApp = CoreApp.Dashboard): DataQueryRequest<ScpQuery> {
  const to = dateTime();
  const from = dateTime(to).subtract(6, 'hours');
  requests++;
  return {
    requestId: `page-${requests}`,
    app,
    interval: '1m',
    intervalMs: 60000,
    maxDataPoints: 500,
    range: { from, to, raw: { from: 'now-6h', to: 'now' } },
    scopedVars: {},
    targets,
    timezone: 'utc',
    startTime: Date.now(),
  };
}

export function run(response: Observable<DataQueryResponse>): Promise<DataQueryResponse> {
  return lastValueFrom(response);
}
