// The VM page's charts: one synchronized ApexCharts group fed by /api/vms/{id}/metrics.
// Zooming re-queries the store for the new range (a finer tier, down to raw samples); the range lives in the URL.
(() => {
  'use strict';
  const root = document.getElementById('vm-charts');
  if (!root) return;

  const vm = root.dataset.vm;
  const vcpus = Number(root.dataset.vcpus);
  const rawStep = Number(root.dataset.rawStep);
  const status = root.querySelector('[data-testid=chart-status]');
  const empty = root.querySelector('[data-testid=charts-empty]');
  const resetButton = root.querySelector('[data-action=reset]');
  const csvLink = root.querySelector('[data-action=csv]');
  const charts = new Map();
  const zoomHistory = [];
  let range = { from: Date.parse(root.dataset.from), to: Date.parse(root.dataset.to), live: root.dataset.live === 'true' };
  let aggregate = 'avg';
  let loading = 0;
  let refreshTimer = null;
  let markerSize = 0;

  // Units -------------------------------------------------------------------------------------------------------
  const binary = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  const number = (v, digits) => v.toLocaleString(undefined, { maximumFractionDigits: digits });
  const format = {
    bytes: v => {
      let i = 0;
      while (Math.abs(v) >= 1024 && i < binary.length - 1) { v /= 1024; i++; }
      return `${number(v, v >= 100 ? 0 : 1)} ${binary[i]}`;
    },
    rate: v => `${format.bytes(v)}/s`,
    percent: v => `${number(v, v >= 10 ? 0 : 1)} %`,
    perSecond: v => `${number(v, v >= 100 ? 0 : v >= 1 ? 1 : 2)}/s`,
  };
  window.vmChartFormat = format; // for tests

  // What each chart draws from the payload's series ---------------------------------------------------------------
  const label = (series, many) => many && series.instance ? ` ${series.instance}` : '';
  const pick = (payload, metric) => payload.series.filter(s => s.metric === metric);
  const definitions = {
    net: { unit: format.rate, build: p => {
      const rx = pick(p, 'netRx'), tx = pick(p, 'netTx'), many = rx.length > 1;
      return [...rx.map(s => ({ name: `rx${label(s, many)}`, s })), ...tx.map(s => ({ name: `tx${label(s, many)}`, s }))];
    } },
    cpu: { unit: format.percent, max: () => vcpus * 100, build: p => {
      const steal = pick(p, 'vcpuSteal');
      const stealAvg = steal.length ? { metric: 'steal', values: steal[0].values.map((_, i) => {
        const present = steal.map(s => s.values[i]).filter(v => v !== null);
        return present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
      }) } : null;
      return [
        ...pick(p, 'cpu').map(s => ({ name: 'VM on its node', s })),
        ...pick(p, 'vcpu').map(s => ({ name: `vCPU ${s.instance}`, s })),
        ...(stealAvg ? [{ name: 'steal (per vCPU)', s: stealAvg }] : []),
      ];
    } },
    disk: { unit: format.rate, build: p => [
      ...pick(p, 'diskRead').map(s => ({ name: `read ${s.instance}`, s })),
      ...pick(p, 'diskWrite').map(s => ({ name: `write ${s.instance}`, s })),
    ] },
    iops: { unit: format.perSecond, build: p => [
      ...pick(p, 'diskReadRequests').map(s => ({ name: `read ${s.instance}`, s })),
      ...pick(p, 'diskWriteRequests').map(s => ({ name: `write ${s.instance}`, s })),
    ] },
    memory: { unit: format.bytes, scale: 1024, build: p => [
      ...pick(p, 'memoryAllocation').map(s => ({ name: 'allocation', s })),
      ...pick(p, 'memoryUsed').map(s => ({ name: 'used', s })),
      ...pick(p, 'memoryRss').map(s => ({ name: 'host RSS', s })),
    ] },
    swap: { unit: v => format.rate(v), scale: 1024, build: p => [
      ...pick(p, 'swapIn').map(s => ({ name: 'swap in', s })),
      ...pick(p, 'swapOut').map(s => ({ name: 'swap out', s })),
    ] },
    faults: { unit: format.perSecond, build: p => pick(p, 'majorFaults').map(s => ({ name: 'major faults', s })) },
  };

  const eventStyle = {
    restarted: ['#dc3545', 'Restarted'], started: ['#198754', 'Started'], stopped: ['#6c757d', 'Stopped'],
    crashed: ['#dc3545', 'Crashed'], memoryChanged: ['#6f42c1', 'Memory changed'], maxMemoryChanged: ['#6f42c1', 'Max memory changed'],
    diskAdded: ['#0d6efd', 'Disk added'], diskRemoved: ['#0d6efd', 'Disk removed'], nicAdded: ['#0dcaf0', 'NIC added'],
    nicRemoved: ['#0dcaf0', 'NIC removed'], paused: ['#ffc107', 'Paused'], resumed: ['#198754', 'Resumed'],
  };

  const dark = () => document.documentElement.getAttribute('data-bs-theme') === 'dark';

  // Loading --------------------------------------------------------------------------------------------------------
  async function load() {
    const ticket = ++loading;
    setStatus('Loading…');
    // One point per pixel of plot: a line cannot show more, and fewer would average a short outage away.
    const plot = document.getElementById('chart-cpu').clientWidth || root.clientWidth;
    const points = Math.max(60, Math.min(1000, Math.round(plot - 70)));
    const query = `from=${new Date(range.from).toISOString()}&to=${new Date(range.to).toISOString()}&points=${points}&agg=${aggregate}`;
    csvLink.href = `/api/vms/${vm}/metrics.csv?${query}`;
    let payload;
    try {
      const response = await fetch(`/api/vms/${vm}/metrics?${query}`, { headers: { Accept: 'application/json' } });
      if (response.status === 401) { window.location.href = `/account/login?ReturnUrl=${encodeURIComponent(location.pathname + location.search)}`; return; }
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || `The portal answered ${response.status}.`);
      }
      payload = await response.json();
    } catch (error) {
      if (ticket === loading) setStatus(`Could not load the charts: ${error.message}`, true);
      return;
    }
    if (ticket !== loading) return; // a newer request superseded this one
    window.vmCharts.payload = payload;
    render(payload);
    const tier = payload.tier === 'raw' && payload.step === rawStep ? 'raw samples' : `${payload.tier} tier`;
    setStatus(`${payload.points} points of ${describeStep(payload.step)} (${tier}) · times in ${Intl.DateTimeFormat().resolvedOptions().timeZone}`
      + (range.live ? ' · refreshes every minute' : ''));
    for (const button of root.querySelectorAll('[data-agg]')) {
      // On raw samples a point is one sample: its average and maximum are the same.
      button.disabled = payload.tier === 'raw' && payload.step === rawStep;
    }
    root.dataset.loaded = String(Date.now());
    window.vmCharts.loadedAt = performance.now();
  }

  function describeStep(ms) {
    const minutes = ms / 60000;
    if (minutes < 60) return `${minutes} min`;
    if (minutes < 1440) return `${minutes / 60} h`;
    return `${minutes / 1440} d`;
  }

  function setStatus(text, error) {
    status.textContent = text;
    status.classList.toggle('text-danger', !!error);
  }

  // Rendering --------------------------------------------------------------------------------------------------------
  function render(payload) {
    const times = Array.from({ length: payload.points }, (_, i) => payload.start + i * payload.step);
    // Labels of events close together are stacked, so that each stays readable.
    const annotations = payload.events.map((e, i) => {
      const [color, text] = eventStyle[e.kind] || ['#6c757d', e.kind];
      return { x: e.time, borderColor: color, strokeDashArray: 0,
        label: { text, borderColor: color, orientation: 'horizontal', offsetY: (i % 3) * 18,
          style: { color: '#fff', background: color, fontSize: '10px' } } };
    });
    // Few points (a drill-down to raw samples): show each sample, so one between two gaps is still seen.
    markerSize = payload.points <= 150 ? 3 : 0;
    let anyData = false;
    for (const [id, definition] of Object.entries(definitions)) {
      const scale = definition.scale || 1;
      const series = definition.build(payload).map(({ name, s }) => ({
        name,
        data: s.values.map((v, i) => [times[i], v === null ? null : v * scale]),
      }));
      anyData ||= series.some(s => s.data.some(p => p[1] !== null));
      draw(id, definition, series, annotations);
    }
    empty.classList.toggle('d-none', anyData);
  }

  function draw(id, definition, series, annotations) {
    const element = document.getElementById(`chart-${id}`);
    const cpuLimit = definition.max ? [{ y: definition.max(), borderColor: '#adb5bd', strokeDashArray: 6,
      label: { text: `${vcpus} vCPUs = ${vcpus * 100} %`, borderColor: 'transparent', style: { background: 'transparent', color: '#6c757d' } } }] : [];
    const options = {
      chart: {
        id: `vm-${id}`, group: 'vm', type: 'line', height: 230, background: 'transparent', fontFamily: 'inherit',
        animations: { enabled: false },
        zoom: { enabled: true, type: 'x', autoScaleYaxis: false },
        toolbar: { show: true, autoSelected: 'zoom', tools: { download: false, selection: false, zoom: true, zoomin: false, zoomout: false, pan: false, reset: false } },
        events: { beforeZoom: (_, { xaxis }) => { zoomTo(xaxis.min, xaxis.max); return { xaxis }; } },
      },
      series,
      stroke: { width: 1.6, curve: 'straight' },
      markers: { size: markerSize, strokeWidth: 0, hover: { size: 4 } },
      dataLabels: { enabled: false },
      legend: { show: true, position: 'top', horizontalAlign: 'left', fontSize: '12px' },
      xaxis: { type: 'datetime', min: range.from, max: range.to, labels: { datetimeUTC: false }, tooltip: { enabled: false } },
      yaxis: { min: 0, forceNiceScale: true, labels: { minWidth: 64, maxWidth: 64, formatter: v => v === null || v === undefined ? '' : definition.unit(v) },
        ...(definition.max ? { max: max => Math.max(max, definition.max()) } : {}) },
      tooltip: { shared: true, x: { format: 'ddd dd MMM yyyy HH:mm' }, y: { formatter: v => v === null || v === undefined ? '—' : definition.unit(v) } },
      annotations: { xaxis: annotations, yaxis: cpuLimit },
      noData: { text: 'No data for this range' },
      theme: { mode: dark() ? 'dark' : 'light' },
      grid: { borderColor: dark() ? '#343a40' : '#e9ecef' },
    };
    const existing = charts.get(id);
    if (existing) existing.destroy();
    element.replaceChildren();
    const chart = new ApexCharts(element, options);
    charts.set(id, chart);
    chart.render();
  }

  // Interaction ------------------------------------------------------------------------------------------------------
  function zoomTo(from, to) {
    from = Math.floor(from); to = Math.ceil(to);
    if (to - from < 10 * 60 * 1000) { const mid = (from + to) / 2; from = mid - 5 * 60 * 1000; to = mid + 5 * 60 * 1000; }
    zoomHistory.push({ ...range });
    range = { from, to, live: false };
    resetButton.disabled = false;
    remember();
    schedule();
    queueMicrotask(load);
  }

  function remember() {
    const url = new URL(location.href);
    url.searchParams.delete('range');
    if (range.live && root.dataset.preset) url.searchParams.set('range', root.dataset.preset);
    else { url.searchParams.set('from', new Date(range.from).toISOString()); url.searchParams.set('to', new Date(range.to).toISOString()); }
    if (range.live) { url.searchParams.delete('from'); url.searchParams.delete('to'); }
    history.replaceState(null, '', url);
    showRangeInForm();
  }

  function schedule() {
    clearInterval(refreshTimer);
    if (!range.live) return;
    refreshTimer = setInterval(() => {
      const span = range.to - range.from;
      range.to = Date.now(); range.from = range.to - span;
      load();
    }, 60 * 1000);
  }

  resetButton.addEventListener('click', () => {
    if (!zoomHistory.length) return;
    range = zoomHistory.pop();
    resetButton.disabled = zoomHistory.length === 0;
    remember();
    schedule();
    load();
  });

  for (const button of root.querySelectorAll('[data-agg]')) {
    button.addEventListener('click', () => {
      aggregate = button.dataset.agg;
      for (const other of root.querySelectorAll('[data-agg]')) {
        other.classList.toggle('active', other === button);
        other.setAttribute('aria-pressed', String(other === button));
      }
      load();
    });
  }

  // The custom range form takes the viewer's local time and sends UTC.
  const form = document.querySelector('[data-range-form]');
  const local = ms => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
  function showRangeInForm() {
    if (!form) return;
    form.elements.from.value = local(range.from);
    form.elements.to.value = local(range.to);
  }
  if (form) {
    showRangeInForm();
    form.addEventListener('submit', event => {
      event.preventDefault();
      const from = new Date(form.elements.from.value), to = new Date(form.elements.to.value);
      const url = new URL(form.action, location.href);
      url.searchParams.set('from', from.toISOString());
      url.searchParams.set('to', to.toISOString());
      location.href = url;
    });
  }

  window.vmCharts = { zoomTo, reload: load, get range() { return { ...range }; } };
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => window.vmCharts.payload && render(window.vmCharts.payload));
  schedule();
  load();
})();
