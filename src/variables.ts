import { CustomVariableSupport, DataQueryRequest, DataQueryResponse } from '@grafana/data';
import { Observable } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { QueryType, ScpQuery } from './types';

/**
 * Dashboard variables run a `variable` query; the backend answers text/value frames
 * (server names with their ids as values, disks, interfaces, sites or states).
 */
export class ScpVariableSupport extends CustomVariableSupport<DataSource, ScpQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<ScpQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.map((q) => ({
      ...q,
      queryType: QueryType.Variable,
      variableKind: q.variableKind ?? 'servers',
    }));
    return this.datasource.query({ ...request, targets });
  }
}
