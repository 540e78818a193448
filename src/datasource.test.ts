import { CoreApp, DataQueryRequest, FieldType, createDataFrame, dateTime } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';

import { framesToEvents } from './annotations';
import { ScpVariableSupport } from './variables';
import { fakeTemplateSrv, newDataSource } from './testing/setup';
import { QueryType, ScpQuery } from './types';

describe('DataSource', () => {
  beforeEach(() =>
    setTemplateSrv(
      fakeTemplateSrv({
        server: ['101', '102'],
        one: '103',
        all: '$__all',
        env: 'prod',
        state: ['ERROR', 'RUNNING'],
        mac: 'aa:bb',
      })
    )
  );

  describe('applyTemplateVariables', () => {
    const apply = (q: Partial<ScpQuery>) => newDataSource().applyTemplateVariables({ refId: 'A', ...q }, {});

    it('expands a multi-value variable into several server ids', () => {
      expect(apply({ serverMode: 'ids', serverIds: ['$server', '$one', '101'] })).toMatchObject({
        serverMode: 'ids',
        serverIds: ['101', '102', '103'],
      });
    });

    it('turns "All" into all servers', () => {
      const q = apply({ serverMode: 'ids', serverIds: ['$all'] });
      expect(q.serverMode).toBe('all');
      expect(q.serverIds).toBeUndefined();
    });

    it('escapes values in the server regex', () => {
      expect(apply({ serverMode: 'regex', serverRegex: '^$env-' }).serverRegex).toBe('^prod-');
    });

    it('interpolates task states, the raw path and parameters, and the legend', () => {
      const q = apply({
        queryType: QueryType.Raw,
        taskStates: ['$state'],
        path: '/api/v1/servers/$one/interfaces/$mac',
        params: { serverId: '$one', q: '$env' },
        legendFormat: '$env {{server}} {{direction}}',
      });
      expect(q.taskStates).toEqual(['ERROR', 'RUNNING']);
      expect(q.path).toBe('/api/v1/servers/103/interfaces/aa:bb');
      expect(q.params).toEqual({ serverId: '103', q: 'prod' });
      expect(q.legendFormat).toBe('prod {{server}} {{direction}}');
    });

    it('leaves a query without variables as it was', () => {
      const q: ScpQuery = { refId: 'A', queryType: QueryType.ServerStatus, serverMode: 'all', field: 'running' };
      expect(newDataSource().applyTemplateVariables(q, {})).toEqual(q);
    });
  });

  it('skips hidden queries', () => {
    const ds = newDataSource();
    expect(ds.filterQuery({ refId: 'A', hide: true })).toBe(false);
    expect(ds.filterQuery({ refId: 'A' })).toBe(true);
  });

  it('defaults to the server status of all servers, with a numeric field for alert rules', () => {
    const ds = newDataSource();
    expect(ds.getDefaultQuery(CoreApp.Dashboard)).toEqual({ queryType: 'serverStatus', serverMode: 'all' });
    expect(ds.getDefaultQuery(CoreApp.UnifiedAlerting)).toEqual({
      queryType: 'serverStatus',
      serverMode: 'all',
      field: 'running',
    });
  });

  it('lists servers from the servers resource route as strings', async () => {
    const ds = newDataSource();
    const getResource = jest
      .spyOn(ds, 'getResource')
      .mockResolvedValue([{ value: 101, label: 'web-1', description: 'host' }]);
    expect(await ds.listServers()).toEqual([{ value: '101', label: 'web-1', description: 'host' }]);
    expect(getResource).toHaveBeenCalledWith('servers');
  });

  it('runs variable queries as `variable` queries of the chosen kind', () => {
    const ds = newDataSource();
    const query = jest.spyOn(ds, 'query').mockReturnValue(of({ data: [] }));
    const request = {
      targets: [{ refId: 'A', variableKind: 'disks', serverIds: ['$server'] }],
    } as DataQueryRequest<ScpQuery>;
    (ds.variables as ScpVariableSupport).query(request);
    expect(query.mock.calls[0][0].targets).toEqual([
      { refId: 'A', queryType: 'variable', variableKind: 'disks', serverIds: ['$server'] },
    ]);
  });
});

describe('annotations', () => {
  it('turns task frames into regions with title, text, tags and colour', () => {
    const start = dateTime('2026-11-22T10:00:00Z').valueOf();
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [start, start + 1000] },
        { name: 'timeEnd', type: FieldType.time, values: [start + 60000, null] },
        { name: 'title', type: FieldType.string, values: ['Start server web-1', 'Snapshot db-1'] },
        { name: 'text', type: FieldType.string, values: ['FINISHED by alice', 'RUNNING'] },
        { name: 'tags', type: FieldType.other, values: [['FINISHED', 'web-1'], 'RUNNING,db-1'] },
        { name: 'color', type: FieldType.string, values: ['green', ''] },
      ],
    });
    expect(framesToEvents([frame])).toEqual([
      {
        time: start,
        timeEnd: start + 60000,
        isRegion: true,
        title: 'Start server web-1',
        text: 'FINISHED by alice',
        tags: ['FINISHED', 'web-1'],
        color: 'green',
      },
      { time: start + 1000, title: 'Snapshot db-1', text: 'RUNNING', tags: ['RUNNING', 'db-1'], color: undefined },
    ]);
  });

  it('turns log lines into point events tagged with their level', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'timestamp', type: FieldType.time, values: [1000] },
        { name: 'body', type: FieldType.string, values: ['Server stopped'] },
        { name: 'severity', type: FieldType.string, values: ['WARNING'] },
      ],
    });
    expect(framesToEvents([frame])).toEqual([
      { time: 1000, title: undefined, text: 'Server stopped', tags: ['WARNING'], color: undefined },
    ]);
  });

  it('ignores frames without a time', () => {
    expect(framesToEvents([createDataFrame({ fields: [{ name: 'x', values: [1] }] })])).toEqual([]);
  });
});
