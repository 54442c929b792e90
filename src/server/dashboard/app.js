// The lakefeed dashboard (docs/dashboard.md): polls the task's JSON API every few seconds and renders it with
// plain DOM and SVG. No library, no build step; served by `lakefeed run` from bytes embedded in the binary.
//
// Auth: the API token lives in sessionStorage and goes out as "Authorization: Bearer" on every call. A 401 (or a
// 403 on a read route) clears what is shown and asks for a token; a 403 on an admin action disables the admin
// buttons. Everything from the server is put in the page as text (textContent), never as HTML.
'use strict';

(() => {
  const TOKEN_KEY = 'lakefeed.token';
  const POLL_MS = 5000;
  const HOUR_MS = 3600 * 1000;
  const SVG_NS = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);

  let adminRefused = false;  // an admin call answered 403 with the current token
  let pollTimer = null;
  let signedOut = false;     // showing the token prompt: nothing is polled
  let lastRendered = {};     // section -> JSON of what it shows, to leave unchanged sections alone

  // --- the API -------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;  // 0: no answer
    }
  }

  function storedToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch {
      return '';
    }
  }

  async function api(method, path) {
    const headers = { Accept: 'application/json' };
    const token = storedToken();
    if (token) headers.Authorization = 'Bearer ' + token;
    let response;
    try {
      response = await fetch(path, { method, headers, cache: 'no-store', credentials: 'omit' });
    } catch (error) {
      throw new ApiError(0, 'the server cannot be reached (' + error.message + ')');
    }
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!response.ok) {
      const message = body && typeof body.error === 'string' ? body.error : response.status + ' ' + response.statusText;
      throw new ApiError(response.status, message);
    }
    return body;
  }

  // --- formatting ----------------------------------------------------------------------------------------------

  function isNumber(value) {
    return typeof value === 'number' && Number.isFinite(value);
  }

  function formatCount(value) {
    if (!isNumber(value)) return '—';
    return Math.round(value).toLocaleString('en-US');
  }

  function formatRate(value) {
    if (!isNumber(value)) return '—';
    if (value >= 100) return formatCount(value);
    return value.toLocaleString('en-US', { maximumFractionDigits: value >= 10 ? 1 : 2 });
  }

  function formatSeconds(value) {
    if (!isNumber(value)) return '—';
    if (value < 60) return value.toLocaleString('en-US', { maximumFractionDigits: value < 10 ? 2 : 1 }) + ' s';
    const seconds = Math.round(value);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
  }

  function formatBytes(value) {
    if (!isNumber(value)) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let scaled = value;
    let unit = 0;
    while (Math.abs(scaled) >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit += 1;
    }
    return (unit === 0 ? String(Math.round(scaled)) : scaled.toFixed(1)) + ' ' + units[unit];
  }

  function formatClock(timeMs) {
    const date = new Date(timeMs);
    const pad = (n) => String(n).padStart(2, '0');
    return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  }

  function text(value) {
    return value === null || value === undefined || value === '' ? '—' : String(value);
  }

  // --- DOM helpers ---------------------------------------------------------------------------------------------

  function element(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function cell(content, className) {
    return element('td', className, content);
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, String(value));
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  function setMessage(id, message) {
    const node = $(id);
    node.textContent = message || '';
    show(node, Boolean(message));
  }

  // Whether `section` would show the same as last time; remembers `data` otherwise.
  function unchanged(section, data) {
    const json = JSON.stringify(data);
    if (lastRendered[section] === json) return true;
    lastRendered[section] = json;
    return false;
  }

  function notify(message, kind) {
    const node = $('notice');
    node.textContent = message;
    node.dataset.kind = kind;
    node.className = 'message ' + kind;
    show(node, true);
  }

  // --- auth ----------------------------------------------------------------------------------------------------

  // Hides and forgets every piece of data, and asks for a token.
  function showAuth(message) {
    signedOut = true;
    clearTimeout(pollTimer);
    clearContent();
    show($('loading'), false);
    show($('content'), false);
    show($('notice'), false);
    show($('auth'), true);
    show($('sign-out'), storedToken() !== '');
    setMessage('auth-message', message);
    $('token-input').focus();
  }

  function clearContent() {
    lastRendered = {};
    $('task-fields').replaceChildren();
    for (const id of ['full-load', 'tables', 'errors', 'dead-letters']) {
      $(id).querySelector('tbody').replaceChildren();
    }
    for (const id of ['chart-lag', 'chart-throughput', 'chart-behind']) {
      $(id).replaceChildren();
      $(id).dataset.points = '0';
    }
    const state = $('task-state');
    state.textContent = '\u00a0';
    state.dataset.state = '';
    $('updated').textContent = '';
  }

  function authMessageFor(error) {
    if (error.status === 403) return 'This token may not read the task (403 Forbidden). Enter another token.';
    if (storedToken()) return 'The server refused this token (401 Unauthorized). Enter a valid token.';
    return 'This server needs an API token (401 Unauthorized). Enter a read or admin token.';
  }

  function applyAdmin() {
    for (const button of document.querySelectorAll('button.admin')) {
      button.disabled = adminRefused;
      button.title = adminRefused ? 'Needs an admin token' : '';
    }
    show($('admin-note'), adminRefused);
  }

  // --- rendering -----------------------------------------------------------------------------------------------

  function renderStatus(status) {
    const task = status.Task || {};
    const state = $('task-state');
    state.textContent = text(task.State);
    state.dataset.state = task.State || '';
    if (unchanged('status', status)) return;

    const checkpoint = status.Checkpoint || null;
    const position = checkpoint && checkpoint.Position ? checkpoint.Position : null;
    const end = status.SourceEnd || null;
    const fields = [
      ['State', text(task.State)],
      ['Source connected', task.SourceConnected === undefined ? '—' : task.SourceConnected ? 'yes' : 'no'],
      ['Latency at the source', formatSeconds(task.CDCLatencySource)],
      ['Latency at the target', formatSeconds(task.CDCLatencyTarget)],
      ['Incoming changes', formatCount(task.CDCIncomingChanges)],
      ['Rows per second (source)', formatRate(task.CDCThroughputRowsSource)],
      ['Rows per second (target)', formatRate(task.CDCThroughputRowsTarget)],
      ['Full load rows per second', formatRate(task.FullLoadThroughputRowsSource)],
      ['Binlog bytes behind', formatBytes(status.BinlogBytesBehind)],
      ['Binlog retention left', isNumber(task.BinlogRetentionLeftHours)
        ? task.BinlogRetentionLeftHours.toFixed(1) + ' h' : '—'],
      ['Committed position', position ? `${position.File}:${position.Offset}` : '—'],
      ['Committed GTID', position && position.Gtid ? position.Gtid : '—'],
      ['Last commit time', checkpoint ? text(checkpoint.LastCommitTime) : '—'],
      ['Checkpoint', checkpoint ? `#${checkpoint.Number} at ${text(checkpoint.WrittenTime)}` : 'none yet'],
      ['Source end', end ? `${end.File}:${end.Position}` : text(status.SourceError)],
      ['Target', text(status.Target)],
    ];
    const list = $('task-fields');
    list.replaceChildren();
    for (const [name, value] of fields) {
      const item = element('div', 'field');
      item.append(element('dt', '', name), element('dd', '', value));
      list.append(item);
    }
    renderFullLoad(status.FullLoad || []);
  }

  function renderFullLoad(tables) {
    show($('full-load-panel'), tables.length > 0);
    const body = $('full-load').querySelector('tbody');
    body.replaceChildren();
    for (const table of tables) {
      const row = element('tr');
      row.dataset.table = table.Table;
      const percent = isNumber(table.PercentDone) ? Math.max(0, Math.min(100, table.PercentDone)) : 0;
      const bar = element('div', 'bar');
      const fill = element('div', 'fill');
      fill.style.width = percent + '%';
      bar.append(fill);
      const progress = cell('', 'wide');
      progress.append(bar, element('span', 'percent', percent.toFixed(1) + ' %'));
      row.append(cell(text(table.Table)), cell(text(table.Phase)), progress, cell(formatCount(table.Rows), 'num'),
                 cell(formatCount(table.EstimatedRows), 'num'),
                 cell(isNumber(table.EtaSeconds) ? formatSeconds(table.EtaSeconds) : '—', 'num'));
      body.append(row);
    }
  }

  function renderTables(tables) {
    tables = [...tables].sort((a, b) =>
      (a.SchemaName + '.' + a.TableName).localeCompare(b.SchemaName + '.' + b.TableName));
    if (unchanged('tables', [tables, adminRefused])) return;
    const body = $('tables').querySelector('tbody');
    body.replaceChildren();
    for (const table of tables) {
      const name = table.SchemaName + '.' + table.TableName;
      const row = element('tr');
      row.dataset.table = name;
      const reload = element('button', 'admin reload', 'Reload');
      reload.type = 'button';
      reload.dataset.table = name;
      reload.disabled = adminRefused;
      reload.addEventListener('click', () =>
        adminAction(reload, 'POST', '/api/v1/tables/reload?table=' + encodeURIComponent(name),
                    `Load ${name} again from the source? Its rows are read anew while the stream goes on.`,
                    () => `Reload of ${name} requested; the task runs it at the next transaction boundary.`));
      const action = cell('');
      action.append(reload);
      row.append(cell(name, 'name'), cell(text(table.TableState)), cell(formatCount(table.Inserts), 'num'),
                 cell(formatCount(table.Updates), 'num'), cell(formatCount(table.Deletes), 'num'),
                 cell(formatCount(table.Ddls), 'num'), cell(formatCount(table.FullLoadRows), 'num'),
                 cell(text(table.LastUpdateTime)), cell(text(table.ValidationState)), action);
      body.append(row);
    }
    show($('tables-empty'), tables.length === 0);
    show($('tables'), tables.length > 0);
  }

  function renderErrors(errors, available) {
    const table = $('errors');
    table.dataset.available = String(available);
    errors = [...errors].sort((a, b) => String(b.time).localeCompare(String(a.time)));
    if (unchanged('errors', errors)) return;
    const body = table.querySelector('tbody');
    body.replaceChildren();
    for (const error of errors) {
      const row = element('tr', 'level-' + String(error.level || '').toLowerCase());
      const fields = Object.entries(error.fields || {}).map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ');
      row.append(cell(text(error.time)), cell(text(error.level)), cell(text(error.component)), cell(text(error.message)),
                 cell(fields, 'details'));
      body.append(row);
    }
    show($('errors-empty'), errors.length === 0);
    show($('errors'), errors.length > 0);
  }

  function renderDeadLetters(letters) {
    if (unchanged('dead-letters', [letters, adminRefused])) return;
    const body = $('dead-letters').querySelector('tbody');
    body.replaceChildren();
    for (const letter of letters) {
      const row = element('tr');
      row.dataset.key = letter.key;
      const retry = element('button', 'admin retry', 'Retry');
      retry.type = 'button';
      retry.disabled = adminRefused;
      retry.addEventListener('click', () =>
        adminAction(retry, 'POST', '/api/v1/dead-letters/retry?key=' + encodeURIComponent(letter.key), null,
                    () => `Delivered ${letter.object_key || letter.key} to ${letter.trigger}.`));
      const action = cell('');
      action.append(retry);
      const object = cell(text(letter.object_key || letter.key), 'name');
      object.title = letter.key;
      row.append(cell(text(letter.trigger)), object, cell(text(letter.error), 'details'),
                 cell(formatCount(letter.attempts), 'num'), cell(text(letter.time)), action);
      body.append(row);
    }
    show($('dead-letters-empty'), letters.length === 0);
    show($('dead-letters'), letters.length > 0);
  }

  // A nice upper bound of the y axis: 1, 2 or 5 times a power of ten, at least `max`.
  function niceCeiling(max) {
    if (!(max > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(max)));
    for (const step of [1, 2, 5, 10]) {
      if (step * power >= max) return step * power;
    }
    return 10 * power;
  }

  // Draws `series` ([{key, label, color}]) of the history points of the last hour into `container` as an SVG line
  // chart, its y axis from 0 to at least `minTop`; sets data-points to the number of samples drawn (those with a
  // value in some series). Hovering shows the values at that time.
  function renderChart(container, points, series, format, minTop) {
    const width = 640;
    const height = 220;
    const pad = { left: 64, right: 12, top: 12, bottom: 26 };
    const last = points.length ? points[points.length - 1].time_ms : Date.now();
    const shown = points.filter((point) => point.time_ms >= last - HOUR_MS);
    const first = shown.length ? shown[0].time_ms : last - HOUR_MS;
    const span = Math.max(last - first, 1);
    let max = 0;
    for (const point of shown) {
      for (const line of series) {
        if (isNumber(point[line.key])) max = Math.max(max, point[line.key]);
      }
    }
    const top = niceCeiling(Math.max(max, minTop || 0));
    const plotWidth = width - pad.left - pad.right;
    const plotHeight = height - pad.top - pad.bottom;
    const x = (time) => pad.left + (shown.length > 1 ? ((time - first) / span) * plotWidth : plotWidth);
    const y = (value) => pad.top + plotHeight - (value / top) * plotHeight;

    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'plot' });
    for (let tick = 0; tick <= 4; ++tick) {
      const value = (top * tick) / 4;
      chart.append(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(value), y2: y(value), class: 'grid' }));
      const label = svg('text', { x: pad.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'tick' });
      label.textContent = format(value);
      chart.append(label);
    }
    if (shown.length > 0) {
      const times = shown.length > 1 ? [first, first + span / 2, last] : [last];
      times.forEach((time, idx) => {
        const anchor = times.length === 1 ? 'end' : ['start', 'middle', 'end'][idx];
        const label = svg('text', { x: x(time), y: height - 8, 'text-anchor': anchor, class: 'tick' });
        label.textContent = formatClock(time);
        chart.append(label);
      });
    }
    for (const line of series) {
      // A missing value breaks the line.
      let segment = [];
      const segments = [segment];
      for (const point of shown) {
        if (isNumber(point[line.key])) {
          segment.push(`${x(point.time_ms).toFixed(1)},${y(point[line.key]).toFixed(1)}`);
        } else if (segment.length) {
          segment = [];
          segments.push(segment);
        }
      }
      for (const part of segments) {
        if (part.length === 1) {
          const [cx, cy] = part[0].split(',');
          chart.append(svg('circle', { cx, cy, r: 3, fill: line.color, class: 'series', 'data-series': line.key }));
        } else if (part.length > 1) {
          chart.append(svg('polyline', { points: part.join(' '), fill: 'none', stroke: line.color, 'stroke-width': 2,
                                         class: 'series', 'data-series': line.key }));
        }
      }
    }
    const cursor = svg('line', { y1: pad.top, y2: pad.top + plotHeight, class: 'cursor', visibility: 'hidden' });
    chart.append(cursor);

    const legend = element('div', 'legend');
    const legendValues = series.map((line) => {
      const item = element('span', 'legend-item');
      const swatch = element('span', 'swatch');
      swatch.style.backgroundColor = line.color;
      const value = element('span', 'legend-value');
      item.append(swatch, element('span', '', line.label + ': '), value);
      legend.append(item);
      return value;
    });
    const legendTime = element('span', 'legend-time muted');
    legend.append(legendTime);
    const showValues = (point) => {
      series.forEach((line, idx) => {
        legendValues[idx].textContent = point ? format(point[line.key]) : '—';
      });
      legendTime.textContent = point ? 'at ' + formatClock(point.time_ms) : '';
    };
    const latest = shown.length ? shown[shown.length - 1] : null;
    showValues(latest);
    chart.addEventListener('mousemove', (event) => {
      if (!shown.length) return;
      const box = chart.getBoundingClientRect();
      const at = ((event.clientX - box.left) / box.width) * width;
      let nearest = shown[0];
      for (const point of shown) {
        if (Math.abs(x(point.time_ms) - at) < Math.abs(x(nearest.time_ms) - at)) nearest = point;
      }
      cursor.setAttribute('x1', x(nearest.time_ms));
      cursor.setAttribute('x2', x(nearest.time_ms));
      cursor.setAttribute('visibility', 'visible');
      showValues(nearest);
    });
    chart.addEventListener('mouseleave', () => {
      cursor.setAttribute('visibility', 'hidden');
      showValues(latest);
    });

    container.replaceChildren(chart, legend);
    container.dataset.points = String(shown.filter((point) => series.some((line) => isNumber(point[line.key]))).length);
  }

  function renderHistory(points) {
    points = [...points].sort((a, b) => a.time_ms - b.time_ms);
    if (unchanged('history', points)) return;
    renderChart($('chart-lag'), points, [
      { key: 'latency_source_s', label: 'source', color: '#2f6fdb' },
      { key: 'latency_target_s', label: 'target', color: '#d9822b' },
    ], formatSeconds, 1);
    renderChart($('chart-throughput'), points, [
      { key: 'rows_source_per_s', label: 'captured', color: '#2f6fdb' },
      { key: 'rows_target_per_s', label: 'committed', color: '#d9822b' },
      { key: 'full_load_rows_per_s', label: 'full load', color: '#3a9a5b' },
    ], formatRate, 1);
    renderChart($('chart-behind'), points, [
      { key: 'bytes_behind', label: 'behind', color: '#8a56c2' },
    ], formatBytes, 1024);
  }

  // --- polling -------------------------------------------------------------------------------------------------

  // An optional route: a 404 means the server does not have it, shown as an empty list.
  async function optional(path, key) {
    try {
      const body = await api('GET', path);
      return { items: (body && body[key]) || [], available: true };
    } catch (error) {
      if (error.status === 404) return { items: [], available: false };
      throw error;
    }
  }

  async function refresh() {
    clearTimeout(pollTimer);
    const results = await Promise.allSettled([
      api('GET', '/api/v1/status'),
      api('GET', '/api/v1/tables'),
      api('GET', '/api/v1/history'),
      optional('/api/v1/errors', 'errors'),
      optional('/api/v1/dead-letters', 'dead_letters'),
    ]);
    const refused = results.find((result) => result.status === 'rejected' &&
                                             (result.reason.status === 401 || result.reason.status === 403));
    if (refused) {
      showAuth(authMessageFor(refused.reason));
      return;
    }
    if (signedOut) return;  // the token prompt was shown while these calls were out
    show($('loading'), false);
    show($('auth'), false);
    show($('content'), true);
    show($('sign-out'), storedToken() !== '');
    const [status, tables, history, errors, letters] = results;
    const failed = (result) => (result.status === 'rejected' ? String(result.reason.message) : '');
    setMessage('status-error', failed(status));
    setMessage('tables-error', failed(tables));
    setMessage('history-error', failed(history));
    setMessage('errors-error', failed(errors));
    setMessage('dead-letters-error', failed(letters));
    if (status.status === 'fulfilled') renderStatus(status.value);
    if (tables.status === 'fulfilled') renderTables((tables.value && tables.value.tables) || []);
    if (history.status === 'fulfilled') renderHistory((history.value && history.value.points) || []);
    if (errors.status === 'fulfilled') renderErrors(errors.value.items, errors.value.available);
    if (letters.status === 'fulfilled') renderDeadLetters(letters.value.items);
    const reached = results.some((result) => result.status === 'fulfilled');
    $('updated').textContent = reached ? 'updated ' + formatClock(Date.now()) : 'the server cannot be reached';
    pollTimer = setTimeout(refresh, POLL_MS);
  }

  // --- actions -------------------------------------------------------------------------------------------------

  async function adminAction(button, method, path, question, describe) {
    if (question && !window.confirm(question)) return;
    const label = button.textContent;
    button.disabled = true;
    try {
      const body = await api(method, path);
      notify(describe(body), 'ok');
      refresh();
    } catch (error) {
      if (error.status === 401) {
        showAuth(authMessageFor(error));
      } else if (error.status === 403) {
        adminRefused = true;
        applyAdmin();
        lastRendered = {};  // the rows' buttons are drawn again, disabled
        notify('This token is read-only (403 Forbidden): reload, pause, resume, merge and retry need an admin token.',
               'error');
      } else {
        notify(`${label} failed: ${error.message}`, 'error');
      }
    } finally {
      button.disabled = adminRefused;
    }
  }

  function start() {
    $('auth-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('token-input').value.trim();
      if (!token) return;
      try {
        sessionStorage.setItem(TOKEN_KEY, token);
      } catch {
        // Without session storage the token cannot be kept; the next call will ask again.
      }
      $('token-input').value = '';
      adminRefused = false;
      applyAdmin();
      signedOut = false;
      show($('auth'), false);
      show($('loading'), true);
      refresh();
    });
    $('sign-out').addEventListener('click', () => {
      try {
        sessionStorage.removeItem(TOKEN_KEY);
      } catch {
        // nothing kept
      }
      adminRefused = false;
      applyAdmin();
      showAuth('The token was forgotten. Enter a token to see the task.');
    });
    $('pause').addEventListener('click', (event) =>
      adminAction(event.currentTarget, 'POST', '/api/v1/pause',
                  'Pause the change stream? It stops at the next transaction boundary.', () => 'Capture paused.'));
    $('resume').addEventListener('click', (event) =>
      adminAction(event.currentTarget, 'POST', '/api/v1/resume', null, () => 'Capture resumed.'));
    $('merge').addEventListener('click', (event) =>
      adminAction(event.currentTarget, 'POST', '/api/v1/merge', 'Merge the pending change files into Iceberg now?',
                  (stats) => `Merge done: ${formatCount(stats.files)} files, ${formatCount(stats.commits)} commits, ` +
                             `${formatCount(stats.changes)} changes.`));
    refresh();
  }

  start();
})();
