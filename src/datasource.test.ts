import { CoreApp, DataQueryRequest, FieldType, StreamingFrameAction, createDataFrame, dateTime } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';
import { lastValueFrom, of } from 'rxjs';

import { framesToEvents } from './annotations';
import { ScpVariableSupport } from './variables';
import { DataSource } from './datasource';
import { fakeTemplateSrv, instanceSettings, newDataSource, newNezhaDataSource } from './testing/setup';
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
        tags: ['prod', 'staging'],
      })
    )
  );

  describe('Live', () => {
    it('replaces a live panel’s rows with each frame of its channel', () => {
      const frame = createDataFrame({ fields: [{ name: 'state', values: ['RUNNING'] }] });
      const options = newDataSource().streamOptionsProvider({} as DataQueryRequest<ScpQuery>, frame);
      expect(options.action).toBe(StreamingFrameAction.Replace);
    });

    it('is on unless the Admin set liveIntervalSeconds to 0', () => {
      const live = (seconds?: number) => new DataSource(instanceSettings({ liveIntervalSeconds: seconds })).live;
      expect([live(), live(5), live(0)]).toEqual([true, true, false]);
    });
  });

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

    it('interpolates the Nezha tag; several tags travel as "a,b"', () => {
      const nezha = (q: Partial<ScpQuery>) =>
        newNezhaDataSource().applyTemplateVariables({ refId: 'A', queryType: QueryType.NezhaStatus, ...q }, {});
      expect(nezha({ tag: '$env' }).tag).toBe('prod');
      expect(nezha({ tag: '$tags' }).tag).toBe('prod,staging');
      expect(nezha({ tag: '$tags,edge,prod' }).tag).toBe('prod,staging,edge');
      expect(nezha({ tag: 'edge' }).tag).toBe('edge');
      // The backend reads All as every server.
      expect(nezha({ tag: '$all' }).tag).toBe('$__all');
      expect(nezha({ tag: ' , ' })).not.toHaveProperty('tag');
      expect(nezha({ tag: '$tags', serverMode: 'ids', serverIds: ['$one'] })).toMatchObject({
        tag: 'prod,staging',
        serverIds: ['103'],
      });
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

  it('defaults to the Nezha server status of all servers on a Nezha data source', () => {
    const ds = newNezhaDataSource();
    expect(ds.provider).toBe('nezha');
    expect(ds.getDefaultQuery(CoreApp.Dashboard)).toEqual({ queryType: 'nezhaStatus', serverMode: 'all' });
    expect(ds.getDefaultQuery(CoreApp.UnifiedAlerting)).toEqual({
      queryType: 'nezhaStatus',
      serverMode: 'all',
      field: 'online',
    });
  });

  it('lists Nezha servers and tags from the nezha routes', async () => {
    const ds = newNezhaDataSource();
    const getResource = jest
      .spyOn(ds, 'getResource')
      .mockImplementation(async (path: string) =>
        path === 'nezha/servers'
          ? [{ value: 3, label: 'hk-web-1', description: 'prod' }]
          : [{ value: 'prod', label: 'prod', description: '2 servers' }]
      );
    expect(await ds.listServers()).toEqual([{ value: '3', label: 'hk-web-1', description: 'prod' }]);
    expect(await ds.listTags()).toEqual([{ value: 'prod', label: 'prod', description: '2 servers' }]);
    expect(getResource.mock.calls.map((c) => c[0])).toEqual(['nezha/servers', 'nezha/tags']);
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

describe('variables on a Nezha data source', () => {
  const table = createDataFrame({
    refId: 'A',
    fields: [
      { name: 'id', type: FieldType.number, values: [1, 2, 3] },
      { name: 'name', type: FieldType.string, values: ['hk-web-1', 'de-db-2', 'us-ci-3'] },
      { name: 'tag', type: FieldType.string, values: ['prod,edge', 'staging', ''] },
    ],
  });
  const values = (frame: ReturnType<typeof createDataFrame>) =>
    Object.fromEntries(frame.fields.map((f) => [f.name, f.values]));

  async function run(target: Partial<ScpQuery>) {
    const ds = newNezhaDataSource();
    const query = jest.spyOn(ds, 'query').mockReturnValue(of({ data: [{ ...table, refId: 'A' }] }));
    const request = { targets: [{ refId: 'A', ...target }] } as DataQueryRequest<ScpQuery>;
    const rsp = await lastValueFrom((ds.variables as ScpVariableSupport).query(request));
    return { sent: query.mock.calls[0][0].targets, frames: rsp.data };
  }

  it('lists servers as name → id from a nezhaServers query, narrowed by the tag', async () => {
    const { sent, frames } = await run({ queryType: QueryType.NezhaServers, variableKind: 'servers', tag: '$tags' });
    expect(sent).toEqual([{ refId: 'A', queryType: 'nezhaServers', tag: '$tags', variableKind: undefined }]);
    expect(values(frames[0])).toEqual({ text: ['hk-web-1', 'de-db-2', 'us-ci-3'], value: ['1', '2', '3'] });
    expect(frames[0].refId).toBe('A');
  });

  it('lists the distinct tags, groups split, sorted', async () => {
    const { sent, frames } = await run({ variableKind: 'tags' });
    expect(sent[0].queryType).toBe('nezhaServers');
    expect(values(frames[0])).toEqual({ text: ['edge', 'prod', 'staging'], value: ['edge', 'prod', 'staging'] });
  });

  it('treats an SCP variable query as a server list', async () => {
    const { sent, frames } = await run({ queryType: QueryType.Variable, variableKind: 'disks' });
    expect(sent[0].queryType).toBe('nezhaServers');
    expect(values(frames[0]).value).toEqual(['1', '2', '3']);
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
