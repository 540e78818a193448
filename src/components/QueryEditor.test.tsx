import React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CoreApp } from '@grafana/data';
import { setTemplateSrv } from '@grafana/runtime';

import { DataSource } from '../datasource';
import {
  fakeTemplateSrv,
  instanceSettings,
  newDataSource,
  newNezhaDataSource,
  sizeElementsForCombobox,
} from '../testing/setup';
import { QueryType, ScpQuery } from '../types';
import { QueryEditor } from './QueryEditor';

const servers = [
  { value: '101', label: 'web-1', description: 'v2202401 · web-1.example.com' },
  { value: '102', label: 'db-1', description: 'v2202402 · db-1.example.com' },
];

const rawPaths = [
  {
    path: '/api/v1/servers/{serverId}/logs',
    summary: 'Server logs',
    pathParams: [{ name: 'serverId', type: 'integer', required: true }],
    queryParams: [{ name: 'limit', type: 'integer' }],
  },
  { path: '/api/v1/maintenance', summary: 'Maintenance', pathParams: null, queryParams: null },
];

const nezhaServers = [
  { value: '1', label: 'hk-web-1', description: 'prod, edge' },
  { value: '2', label: 'de-db-2', description: 'staging' },
];
const nezhaTags = [
  { value: 'prod', label: 'prod', description: '2 servers' },
  { value: 'staging', label: 'staging', description: '1 server' },
];

/** Renders the editor and lets the resource lookups it starts settle. */
async function setup(query: ScpQuery, app: CoreApp = CoreApp.Dashboard, datasource: DataSource = newDataSource()) {
  const getResource = jest.spyOn(datasource, 'getResource').mockImplementation(async (path: string) => {
    if (path === 'servers') {
      return servers;
    }
    if (path === 'raw-paths') {
      return rawPaths;
    }
    if (path === 'nezha/servers') {
      return nezhaServers;
    }
    if (path === 'nezha/tags') {
      return nezhaTags;
    }
    throw new Error(`unexpected resource ${path}`);
  });
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const view = render(
    <QueryEditor query={query} datasource={datasource} app={app} onChange={onChange} onRunQuery={onRunQuery} />
  );
  await act(async () => undefined);
  return { onChange, onRunQuery, getResource, view };
}

/** Opens a Combobox, types to narrow its (virtualised) menu, and picks an option. */
async function pickOption(comboboxName: RegExp | string, optionName: RegExp | string, typed?: string) {
  const input = screen.getByRole('combobox', { name: comboboxName });
  fireEvent.click(input);
  if (typed) {
    fireEvent.change(input, { target: { value: typed } });
  }
  fireEvent.click(await screen.findByRole('option', { name: optionName }));
}

beforeAll(sizeElementsForCombobox);
beforeEach(() => setTemplateSrv(fakeTemplateSrv({ server: ['101', '102'] })));

describe('QueryEditor', () => {
  it('shows the default query: server status of all servers', async () => {
    await setup({ refId: 'A', queryType: QueryType.ServerStatus, serverMode: 'all' });
    expect(screen.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Field' })).toHaveValue('');
  });

  it('resets the fields that no longer apply when the query type changes', async () => {
    const { onChange, onRunQuery } = await setup({
      refId: 'A',
      queryType: QueryType.Metrics,
      metric: 'disk',
      legendFormat: '{{server}} {{device}}',
      serverMode: 'ids',
      serverIds: ['101'],
      field: 'cpuCount',
      path: '/api/v1/maintenance',
    });
    await pickOption('Query type', /^Tasks/, 'Tasks');
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'tasks',
      serverMode: 'ids',
      serverIds: ['101'],
      limit: 100,
    });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('runs a raw GET only once its path is picked', async () => {
    const { onChange, onRunQuery } = await setup({ refId: 'A', queryType: QueryType.ServerStatus });
    await pickOption('Query type', /^Raw GET/, 'Raw');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'raw' });
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('drops the server selection for types that read no servers', async () => {
    const { onChange } = await setup({
      refId: 'B',
      queryType: QueryType.ServerStatus,
      serverMode: 'regex',
      serverRegex: '^web',
      field: 'running',
    });
    await pickOption('Query type', /^Variable values/, 'Variable');
    expect(onChange).toHaveBeenLastCalledWith({ refId: 'B', queryType: 'variable', variableKind: 'servers' });
  });

  it('loads the server picker from the servers resource route and offers variables', async () => {
    const { onChange, getResource } = await setup({
      refId: 'A',
      queryType: QueryType.Disks,
      serverMode: 'ids',
      serverIds: [],
    });
    expect(getResource).toHaveBeenCalledWith('servers');
    fireEvent.click(screen.getByRole('combobox', { name: 'Pick' }));
    expect(await screen.findByRole('option', { name: /\$server/ })).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('option', { name: /db-1/ }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ serverIds: ['102'] }));
  });

  it('says why the server list is missing when the route fails', async () => {
    const datasource = newDataSource();
    const onChange = jest.fn();
    jest
      .spyOn(datasource, 'getResource')
      .mockRejectedValue({ status: 400, data: { message: 'no netcup refresh token is configured' } });
    render(
      <QueryEditor
        query={{ refId: 'A', queryType: QueryType.Disks, serverMode: 'ids' }}
        datasource={datasource}
        onChange={onChange}
        onRunQuery={jest.fn()}
      />
    );
    expect(await screen.findByText(/Cannot list servers: no netcup refresh token is configured/)).toBeInTheDocument();
  });

  it('switches to regex mode without keeping picked ids', async () => {
    const { onChange, onRunQuery } = await setup({
      refId: 'A',
      queryType: QueryType.ServerStatus,
      serverMode: 'ids',
      serverIds: ['101'],
    });
    fireEvent.click(screen.getByRole('radio', { name: 'Regex' }));
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'serverStatus',
      serverMode: 'regex',
      serverIds: undefined,
      serverRegex: undefined,
    });
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('commits the regex and the legend on blur', async () => {
    const { onChange, onRunQuery } = await setup({
      refId: 'A',
      queryType: QueryType.Metrics,
      metric: 'cpu',
      serverMode: 'regex',
    });
    const regex = screen.getByRole('textbox', { name: 'Regex' });
    fireEvent.change(regex, { target: { value: '^web-' } });
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.blur(regex);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ serverRegex: '^web-' }));
    const legend = screen.getByRole('textbox', { name: 'Legend' });
    fireEvent.change(legend, { target: { value: '{{nickname}} {{device}}' } });
    fireEvent.blur(legend);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ legendFormat: '{{nickname}} {{device}}' }));
    expect(onRunQuery).toHaveBeenCalledTimes(2);
  });

  it('picks the metric kind and a numeric field', async () => {
    const { onChange } = await setup({ refId: 'A', queryType: QueryType.Metrics, metric: 'cpu' });
    fireEvent.click(screen.getByRole('radio', { name: 'Network' }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'network' }));
  });

  it('switches a table to numeric frames with a field, and back', async () => {
    const { onChange, onRunQuery } = await setup({ refId: 'A', queryType: QueryType.Disks, serverMode: 'all' });
    await pickOption('Field', /^usedPercent/);
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'disks',
      serverMode: 'all',
      field: 'usedPercent',
    });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('offers only the numeric fields of the query type', async () => {
    const { onChange } = await setup({ refId: 'A', queryType: QueryType.Interfaces });
    fireEvent.click(screen.getByRole('combobox', { name: 'Field' }));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options.join(' ')).toContain('speedMbits');
    expect(options.join(' ')).not.toContain('usedPercent');
    fireEvent.click(screen.getByRole('option', { name: /rxMonthlyBytes/ }));
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ field: 'rxMonthlyBytes' }));
  });

  it('edits task states and the limit', async () => {
    const { onChange } = await setup({ refId: 'A', queryType: QueryType.Tasks, serverMode: 'all', limit: 100 });
    await pickOption('States', 'ERROR', 'ERR');
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ taskStates: ['ERROR'] }));
    const limit = screen.getByRole('spinbutton', { name: 'Limit' });
    fireEvent.change(limit, { target: { value: '20' } });
    fireEvent.blur(limit);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 20 }));
  });

  it('hides the servers for the account log', async () => {
    const { onChange } = await setup({ refId: 'A', queryType: QueryType.Logs, logSource: 'server', serverMode: 'all' });
    expect(screen.getByText('Servers')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Account' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ logSource: 'user', serverMode: undefined, serverIds: undefined })
    );
  });

  it('builds a raw GET from the raw-paths route, with an input per parameter', async () => {
    const datasource = newDataSource();
    const { onChange, getResource, view } = await setup(
      { refId: 'A', queryType: QueryType.Raw },
      CoreApp.Explore,
      datasource
    );
    await waitFor(() => expect(getResource).toHaveBeenCalledWith('raw-paths'));
    await pickOption('Path', /servers\/\{serverId\}\/logs/);
    expect(onChange).toHaveBeenLastCalledWith({
      refId: 'A',
      queryType: 'raw',
      path: '/api/v1/servers/{serverId}/logs',
      params: undefined,
    });

    view.rerender(
      <QueryEditor
        query={{ refId: 'A', queryType: QueryType.Raw, path: '/api/v1/servers/{serverId}/logs' }}
        datasource={datasource}
        onChange={onChange}
        onRunQuery={jest.fn()}
      />
    );
    const limit = await screen.findByRole('textbox', { name: 'limit' });
    fireEvent.change(limit, { target: { value: '5' } });
    fireEvent.blur(limit);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ params: { limit: '5' } }));
    await pickOption(/^serverId/, /web-1/);
    expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ params: { serverId: '101' } }));
  });

  it('says that raw access is off instead of offering paths', async () => {
    const datasource = new DataSource(instanceSettings({ rawAccess: 'off' }));
    const { getResource } = await setup({ refId: 'A', queryType: QueryType.Raw }, CoreApp.Explore, datasource);
    expect(screen.getByText('Raw access is off')).toBeInTheDocument();
    expect(screen.getByText(/An Admin turned raw queries off for this data source/)).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Path' })).not.toBeInTheDocument();
    expect(getResource).not.toHaveBeenCalledWith('raw-paths');
  });

  describe('in the alert-rule editor', () => {
    it('marks the query types that cannot feed an alert', async () => {
      await setup({ refId: 'A', queryType: QueryType.ServerStatus, field: 'running' }, CoreApp.UnifiedAlerting);
      expect(screen.queryByText('Not for alerts')).not.toBeInTheDocument();
      fireEvent.click(screen.getByRole('combobox', { name: 'Query type' }));
      const logs = await screen.findByRole('option', { name: /^Logs/ });
      expect(within(logs).getByText(/not for alerts/)).toBeInTheDocument();
      for (const type of [/^Metrics/, /^Snapshots/, /^Maintenance/]) {
        const option = screen.getByRole('option', { name: type });
        expect(within(option).queryByText(/not for alerts/)).not.toBeInTheDocument();
      }
    });

    it('feeds an alert from snapshots or the maintenance window once a field is picked', async () => {
      const { onChange, view } = await setup({ refId: 'A', queryType: QueryType.Snapshots }, CoreApp.UnifiedAlerting);
      expect(screen.getByText(/Pick a field: without one, Snapshots answers a table/)).toBeInTheDocument();
      await pickOption('Field', /^newestSnapshotAgeSeconds/);
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ field: 'newestSnapshotAgeSeconds' }));
      view.unmount();

      await setup({ refId: 'A', queryType: QueryType.Maintenance }, CoreApp.UnifiedAlerting);
      fireEvent.click(screen.getByRole('combobox', { name: 'Field' }));
      const fields = (await screen.findAllByRole('option')).map((o) => o.textContent ?? '');
      expect(fields).toEqual([
        expect.stringMatching(/^startTime/),
        expect.stringMatching(/^finishTime/),
        expect.stringMatching(/^secondsUntilStart.*empty when none is announced/),
      ]);
      expect(screen.queryByRole('radio', { name: 'All' })).not.toBeInTheDocument();
    });

    it('explains that a table needs a field and a log cannot alert', async () => {
      const { view } = await setup({ refId: 'A', queryType: QueryType.Disks }, CoreApp.UnifiedAlerting);
      expect(screen.getByText('Not for alerts')).toBeInTheDocument();
      expect(screen.getByText(/Pick a field/)).toBeInTheDocument();
      act(() =>
        view.rerender(
          <QueryEditor
            query={{ refId: 'A', queryType: QueryType.Logs }}
            datasource={newDataSource()}
            app={CoreApp.UnifiedAlerting}
            onChange={jest.fn()}
            onRunQuery={jest.fn()}
          />
        )
      );
      expect(screen.getByText(/Logs answers a table or log lines/)).toBeInTheDocument();
    });

    it('shows no hint in dashboards', async () => {
      await setup({ refId: 'A', queryType: QueryType.Logs });
      expect(screen.queryByText('Not for alerts')).not.toBeInTheDocument();
    });
  });

  describe('on a Nezha data source', () => {
    const nezha = (query: ScpQuery, app: CoreApp = CoreApp.Dashboard) => setup(query, app, newNezhaDataSource());

    async function offeredTypes() {
      fireEvent.click(screen.getByRole('combobox', { name: 'Query type' }));
      const options = await screen.findAllByRole('option');
      return options.map((o) => o.textContent ?? '');
    }

    it('offers only the Nezha query types, with descriptions', async () => {
      await nezha({ refId: 'A', queryType: QueryType.NezhaStatus, serverMode: 'all' });
      const offered = await offeredTypes();
      expect(offered).toHaveLength(4);
      expect(offered[0]).toMatch(/^Servers.*tag, addresses/);
      expect(offered[1]).toMatch(/^Server status/);
      expect(offered[2]).toMatch(/^Metrics history.*Nezha v2 \(not v0\)/);
      expect(offered[3]).toMatch(/^Monitors.*delay in ms/);
      expect(offered.join(' ')).not.toMatch(/Tasks|Raw GET|Monthly traffic|Variable values/);
    });

    it('shows the default query: server status of all servers, with Nezha fields, tags and servers', async () => {
      const { getResource } = await nezha({ refId: 'A', queryType: QueryType.NezhaStatus, serverMode: 'all' });
      expect(screen.getByRole('combobox', { name: 'Query type' })).toHaveValue('Server status');
      expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
      expect(getResource).toHaveBeenCalledWith('nezha/tags');
      expect(getResource).not.toHaveBeenCalledWith('servers');
      fireEvent.click(screen.getByRole('combobox', { name: 'Field' }));
      const fields = (await screen.findAllByRole('option')).map((o) => o.textContent).join(' ');
      expect(fields).toContain('cpuPercent');
      expect(fields).toContain('memUsedPercent');
      expect(fields).not.toContain('running');
    });

    it('picks a tag or a tag variable', async () => {
      setTemplateSrv(fakeTemplateSrv({ tag: ['prod', 'staging'] }));
      const { onChange, onRunQuery } = await nezha({ refId: 'A', queryType: QueryType.NezhaStatus, field: 'load1' });
      await pickOption('Tag', /^prod/);
      expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'nezhaStatus', field: 'load1', tag: 'prod' });
      expect(onRunQuery).toHaveBeenCalled();
      await pickOption('Tag', /\$tag/, '$tag');
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tag: '$tag' }));
    });

    it('adds a second tag as "a,b"', async () => {
      const { onChange } = await nezha({ refId: 'A', queryType: QueryType.NezhaMonitors, tag: 'prod' });
      await pickOption('Tag', /^staging/, 'stag');
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tag: 'prod,staging' }));
    });

    it('picks Nezha servers from the nezha/servers route', async () => {
      const { onChange, getResource } = await nezha({
        refId: 'A',
        queryType: QueryType.NezhaServers,
        serverMode: 'ids',
        tag: 'prod',
      });
      expect(getResource).toHaveBeenCalledWith('nezha/servers');
      fireEvent.click(screen.getByRole('combobox', { name: 'Pick' }));
      fireEvent.click(await screen.findByRole('option', { name: /de-db-2/ }));
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ tag: 'prod', serverIds: ['2'] }));
    });

    it('picks the metric of a history query, says it needs v2, and sets the legend', async () => {
      const { onChange } = await nezha({ refId: 'A', queryType: QueryType.NezhaMetrics, metric: 'cpu' });
      expect(screen.getByRole('combobox', { name: 'Metric' })).toHaveValue('CPU');
      await pickOption('Metric', /^Load 5m/, 'Load 5');
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ metric: 'load5' }));
      const legend = screen.getByRole('textbox', { name: 'Legend' });
      expect(legend).toHaveAttribute('placeholder', '{{server}} ({{tag}})');
      fireEvent.change(legend, { target: { value: '{{server}} {{tag}}' } });
      fireEvent.blur(legend);
      expect(onChange).toHaveBeenLastCalledWith(expect.objectContaining({ legendFormat: '{{server}} {{tag}}' }));
    });

    it('keeps the tag and servers but drops the field when switching to metrics history', async () => {
      const { onChange } = await nezha({
        refId: 'A',
        queryType: QueryType.NezhaStatus,
        field: 'cpuPercent',
        tag: 'prod',
        serverMode: 'ids',
        serverIds: ['1'],
      });
      await pickOption('Query type', /^Metrics history/, 'Metrics');
      expect(onChange).toHaveBeenLastCalledWith({
        refId: 'A',
        queryType: 'nezhaMetrics',
        tag: 'prod',
        serverMode: 'ids',
        serverIds: ['1'],
        metric: 'cpu',
      });
    });

    it('shows the servers table for a query without a type, as the backend answers it', async () => {
      await nezha({ refId: 'A' });
      expect(screen.getByRole('combobox', { name: 'Query type' })).toHaveValue('Servers');
      expect(screen.queryByText('Query type of another provider')).not.toBeInTheDocument();
    });

    it('warns about an SCP query type', async () => {
      await nezha({ refId: 'A', queryType: QueryType.Tasks });
      expect(screen.getByText('Query type of another provider')).toBeInTheDocument();
      expect(
        screen.getByText(/Tasks reads netcup SCP, but this data source reads a Nezha dashboard/)
      ).toBeInTheDocument();
    });

    it('gives alerting hints for Nezha types', async () => {
      const datasource = newNezhaDataSource();
      const { view } = await setup(
        { refId: 'A', queryType: QueryType.NezhaServers },
        CoreApp.UnifiedAlerting,
        datasource
      );
      expect(screen.getByText(/Use Server status with a field, Metrics history or Monitors/)).toBeInTheDocument();
      const offered = await offeredTypes();
      expect(offered.filter((o) => o.includes('not for alerts'))).toEqual([expect.stringMatching(/^Servers/)]);
      const rerender = (query: ScpQuery) =>
        act(() =>
          view.rerender(
            <QueryEditor
              query={query}
              datasource={datasource}
              app={CoreApp.UnifiedAlerting}
              onChange={jest.fn()}
              onRunQuery={jest.fn()}
            />
          )
        );
      rerender({ refId: 'A', queryType: QueryType.NezhaStatus });
      expect(screen.getByText(/Pick a field/)).toBeInTheDocument();
      rerender({ refId: 'A', queryType: QueryType.NezhaStatus, field: 'online' });
      expect(screen.queryByText('Not for alerts')).not.toBeInTheDocument();
      rerender({ refId: 'A', queryType: QueryType.NezhaMonitors });
      expect(screen.queryByText('Not for alerts')).not.toBeInTheDocument();
    });

    it('is not offered on an SCP data source', async () => {
      await setup({ refId: 'A', queryType: QueryType.ServerStatus });
      const input = screen.getByRole('combobox', { name: 'Query type' });
      fireEvent.click(input);
      fireEvent.change(input, { target: { value: 'Metrics' } });
      const offered = (await screen.findAllByRole('option')).map((o) => o.textContent);
      expect(offered).toEqual([expect.stringMatching(/^MetricsCPU, disk, network or packet/)]);
      fireEvent.change(input, { target: { value: 'Monitors' } });
      await waitFor(() => expect(screen.queryAllByRole('option')).toHaveLength(0));
      expect(screen.queryByRole('combobox', { name: 'Tag' })).not.toBeInTheDocument();
    });
  });

  describe('Live', () => {
    const liveSwitch = () => screen.queryByRole('switch', { name: 'Live' });

    it('is offered for tasks and server status only', async () => {
      for (const type of Object.values(QueryType)) {
        const datasource = type.startsWith('nezha') ? newNezhaDataSource() : newDataSource();
        const { view } = await setup({ refId: 'A', queryType: type }, CoreApp.Dashboard, datasource);
        const offered = type === QueryType.Tasks || type === QueryType.ServerStatus;
        expect([type, liveSwitch() !== null]).toEqual([type, offered]);
        view.unmount();
      }
    });

    it('puts live into the query and runs it', async () => {
      const { onChange, onRunQuery } = await setup({ refId: 'A', queryType: QueryType.Tasks, limit: 100 });
      expect(liveSwitch()).not.toBeChecked();
      fireEvent.click(liveSwitch()!);
      expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'tasks', limit: 100, live: true });
      expect(onRunQuery).toHaveBeenCalled();
    });

    it('turns off by dropping the field', async () => {
      const { onChange } = await setup({ refId: 'A', queryType: QueryType.ServerStatus, live: true });
      expect(liveSwitch()).toBeChecked();
      fireEvent.click(liveSwitch()!);
      expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'serverStatus', live: undefined });
    });

    it('is off and disabled where the Admin turned Live off', async () => {
      const datasource = new DataSource(instanceSettings({ liveIntervalSeconds: 0 }));
      await setup({ refId: 'A', queryType: QueryType.ServerStatus, live: true }, CoreApp.Dashboard, datasource);
      expect(liveSwitch()).not.toBeChecked();
      expect(liveSwitch()).toBeDisabled();
    });

    it('is not offered to alert rules, which ignore it', async () => {
      await setup({ refId: 'A', queryType: QueryType.ServerStatus, field: 'running' }, CoreApp.UnifiedAlerting);
      expect(liveSwitch()).not.toBeInTheDocument();
    });
  });
});
