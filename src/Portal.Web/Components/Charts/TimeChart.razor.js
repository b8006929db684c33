// Draws one ChartSpec with ApexCharts. The library is loaded once, on first use, from the npm package the build
// copies to /lib (its UMD build registers itself as globalThis.ApexCharts when imported).
let library;
const apex = () => (library ??= import('/lib/apexcharts/apexcharts.min.js').then(() => globalThis.ApexCharts));

const binary = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
const number = (v, digits) => v.toLocaleString(undefined, { maximumFractionDigits: digits });
const bytes = v => {
  let i = 0;
  while (Math.abs(v) >= 1024 && i < binary.length - 1) { v /= 1024; i++; }
  return `${number(v, v >= 100 ? 0 : 1)} ${binary[i]}`;
};
// By ChartUnit (C#), as the spec names it.
const formats = {
  Bytes: bytes,
  BytesPerSecond: v => `${bytes(v)}/s`,
  Percent: v => `${number(v, v >= 10 ? 0 : 1)} %`,
  PerSecond: v => `${number(v, v >= 100 ? 0 : v >= 1 ? 1 : 2)}/s`,
  Milliseconds: v => `${number(v, v >= 10 ? 0 : 1)} ms`,
};

function options(spec, onZoom) {
  const unit = formats[spec.unit] || (v => String(v));
  const times = Array.from({ length: spec.series[0]?.values.length ?? 0 }, (_, i) => spec.start + i * spec.step);
  // The limit line needs a y-axis to stand on: with no series at all (a VM without data in the range) ApexCharts
  // has none and fails drawing it.
  const limit = spec.limit == null || spec.series.length === 0 ? [] : [{
    y: spec.limit, borderColor: '#adb5bd', strokeDashArray: 6,
    label: { text: spec.limitLabel || '', borderColor: 'transparent', style: { background: 'transparent', color: '#6c757d' } },
  }];
  return {
    chart: {
      id: `vm-${spec.id}`, group: spec.group, type: 'line', height: spec.height || 230, background: 'transparent', fontFamily: 'inherit',
      animations: { enabled: false },
      zoom: { enabled: true, type: 'x', autoScaleYaxis: false },
      toolbar: { show: true, autoSelected: 'zoom', tools: { download: false, selection: false, zoom: true, zoomin: false, zoomout: false, pan: false, reset: false } },
      events: { beforeZoom: (_, { xaxis }) => { onZoom(xaxis.min, xaxis.max); return { xaxis }; } },
    },
    series: spec.series.map(s => ({ name: s.name, data: s.values.map((v, i) => [times[i], v]) })),
    stroke: { width: 1.6, curve: 'straight' },
    // Few points (a drill-down to raw samples): show each sample, so one between two gaps is still seen.
    markers: { size: spec.markers ? 3 : 0, strokeWidth: 0, hover: { size: 4 } },
    dataLabels: { enabled: false },
    legend: { show: true, position: 'top', horizontalAlign: 'left', fontSize: '12px', showForSingleSeries: true },
    xaxis: { type: 'datetime', min: spec.min, max: spec.max, labels: { datetimeUTC: false }, tooltip: { enabled: false } },
    yaxis: {
      min: 0, forceNiceScale: true,
      labels: { minWidth: 64, maxWidth: 64, formatter: v => v == null ? '' : unit(v) },
      ...(spec.limit == null ? {} : { max: max => Math.max(max, spec.limit) }),
    },
    tooltip: { shared: true, x: { format: 'ddd dd MMM yyyy HH:mm' }, y: { formatter: v => v == null ? '—' : unit(v) } },
    annotations: {
      xaxis: spec.annotations.map((a, i) => ({
        x: a.timeMs, borderColor: a.color, strokeDashArray: 0,
        // Labels of events close together are stacked, so that each stays readable; a label runs towards the middle
        // of the chart, so that one near an edge (an event that just happened) is not cut off.
        label: {
          text: a.label, borderColor: a.color, orientation: 'horizontal', offsetY: (i % 3) * 18,
          textAnchor: a.timeMs > (spec.min + spec.max) / 2 ? 'end' : 'start',
          style: { color: '#fff', background: a.color, fontSize: '10px' },
        },
      })),
      yaxis: limit,
    },
    noData: { text: 'No data for this range' },
    theme: { mode: spec.dark ? 'dark' : 'light' },
    grid: { borderColor: spec.dark ? '#343a40' : '#e9ecef' },
  };
}

export async function create(element, spec, dotnet) {
  const ApexCharts = await apex();
  const onZoom = (from, to) => dotnet.invokeMethodAsync('Zoomed', Math.floor(from), Math.ceil(to));
  let chart = new ApexCharts(element, options(spec, onZoom));
  await chart.render();
  return {
    // A new range or new data: drawn afresh (the axis range, annotations and series all change together).
    async update(next) {
      chart.destroy();
      element.replaceChildren();
      chart = new ApexCharts(element, options(next, onZoom));
      await chart.render();
    },
    destroy() {
      // The element may already be gone with its page; there is nothing left to tidy then.
      try { chart.destroy(); } catch { /* already detached */ }
    },
  };
}

/** The width of an element in CSS pixels: a chart asks for about one point per pixel. */
export function width(element) {
  return element.clientWidth;
}
