import {
  CustomVariableSupport,
  DataFrame,
  DataQueryRequest,
  DataQueryResponse,
  FieldType,
  createDataFrame,
} from '@grafana/data';
// From 'rxjs', not 'rxjs/operators': only 'rxjs' is a webpack external, provided by Grafana.
import { Observable, map } from 'rxjs';

import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { DataSource } from './datasource';
import { QueryType, ScpQuery, VariableKind } from './types';

/**
 * Dashboard variables. On an SCP data source they run a `variable` query, which the backend
 * answers with text/value frames (server names with their ids as values, disks, interfaces,
 * sites or states). A Nezha data source has no such query: the variable runs `nezhaServers`
 * (narrowed by its tag and server selection) and the table becomes the servers (name → id)
 * or the distinct tags of those servers.
 */
export class ScpVariableSupport extends CustomVariableSupport<DataSource, ScpQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: DataSource) {
    super();
  }

  query(request: DataQueryRequest<ScpQuery>): Observable<DataQueryResponse> {
    if (this.datasource.provider === 'nezha') {
      return this.nezhaQuery(request);
    }
    const targets = request.targets.map((q) => ({
      ...q,
      queryType: QueryType.Variable,
      variableKind: q.variableKind ?? 'servers',
    }));
    return this.datasource.query({ ...request, targets });
  }

  private nezhaQuery(request: DataQueryRequest<ScpQuery>): Observable<DataQueryResponse> {
    const kinds = new Map<string, VariableKind>();
    const targets = request.targets.map((q) => {
      kinds.set(q.refId, q.variableKind === 'tags' ? 'tags' : 'servers');
      return { ...q, queryType: QueryType.NezhaServers, variableKind: undefined };
    });
    return this.datasource
      .query({ ...request, targets })
      .pipe(map((rsp) => ({ ...rsp, data: rsp.data.map((frame: DataFrame) => nezhaVariableFrame(frame, kinds)) })));
  }
}

/** A nezhaServers table as the text/value frame Grafana reads variable values from. */
export function nezhaVariableFrame(frame: DataFrame, kinds: Map<string, VariableKind>): DataFrame {
  const column = (name: string): unknown[] => frame.fields.find((f) => f.name === name)?.values ?? [];
  let text: string[];
  let value: string[];
  if (kinds.get(frame.refId ?? '') === 'tags') {
    // A v2 server may be in several groups: "prod,edge".
    const tags = new Set(
      column('tag').flatMap((t) =>
        String(t ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      )
    );
    text = [...tags].sort();
    value = text;
  } else {
    text = column('name').map((n) => String(n ?? ''));
    value = column('id').map((id) => String(id ?? ''));
  }
  return createDataFrame({
    refId: frame.refId,
    fields: [
      { name: 'text', type: FieldType.string, values: text },
      { name: 'value', type: FieldType.string, values: value },
    ],
  });
}
