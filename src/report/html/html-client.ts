// The script inlined into the HTML report: it reads the report's data element and draws the
// charts with uPlot (inlined beside it). Kept as plain browser JavaScript in a string, so the
// report needs no build step and no network; the data is computed in Node, never here.

export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('lbsim-data').textContent);
  var charts = [];

  function clock(s) {
    s = Math.round(s);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    if (h > 0) return h + 'h' + (m < 10 ? '0' : '') + m + 'm';
    if (r === 0) return m + 'm';
    return m === 0 ? r + 's' : m + 'm' + (r < 10 ? '0' : '') + r + 's';
  }
  function seconds(v) {
    if (v == null) return '–';
    if (v < 1) return (v * 1000).toPrecision(3) + 'ms';
    return v.toPrecision(3) + 's';
  }
  function count(v) { return v == null ? '–' : String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }

  // Fault starts as dashed red lines and incident windows as shaded bands, on every time chart.
  function markers() {
    return { hooks: { draw: [function (u) {
      var ctx = u.ctx, top = u.bbox.top, height = u.bbox.height;
      ctx.save();
      data.incidents.forEach(function (w) {
        var x0 = u.valToPos(w.start, 'x', true), x1 = u.valToPos(Math.max(w.end, w.start + data.bucketSeconds / 4), 'x', true);
        ctx.fillStyle = 'rgba(214, 39, 40, 0.08)';
        ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
      });
      ctx.strokeStyle = 'rgba(214, 39, 40, 0.9)';
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 1;
      data.faults.forEach(function (f) {
        var x = Math.round(u.valToPos(f.t, 'x', true)) + 0.5;
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      });
      ctx.restore();
    }] } };
  }

  function width(el) { return Math.max(320, Math.min(1100, el.clientWidth || 800)); }
  // Tick steps people read without arithmetic: 30s, 1m, 5m, 1h rather than uPlot's 50s.
  var steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400, 172800, 604800];
  function xAxis() { return { incrs: steps, values: function (u, ticks) { return ticks.map(clock); } }; }

  // uPlot does not stack: each series carries the running total and is drawn from the top of the
  // stack down, so each bar covers the ones before it; the legend shows each series' own count.
  function stacked(el, title, series) {
    if (series.length === 0) { el.textContent = 'None in this run.'; el.className += ' empty'; return; }
    var cum = [], running = data.starts.map(function () { return 0; });
    series.forEach(function (s) { running = running.map(function (v, i) { return v + s.counts[i]; }); cum.push(running); });
    var bars = uPlot.paths.bars({ size: [1, Infinity], align: 1, gap: 0 });
    var opts = {
      title: title, width: width(el), height: 260, plugins: [markers()],
      scales: { x: { time: false, range: [0, data.duration] } },
      axes: [xAxis(), { values: function (u, t) { return t.map(count); }, size: 60 }],
      series: [{ label: 'time', value: function (u, v) { return v == null ? '–' : clock(v); } }].concat(series.slice().reverse().map(function (s, k) {
        var raw = series[series.length - 1 - k].counts;
        return { label: s.label, fill: s.color, stroke: s.color, width: 0, paths: bars, points: { show: false },
          value: function (u, v, si, i) { return i == null ? '–' : count(raw[i]); } };
      }))
    };
    charts.push({ el: el, plot: new uPlot(opts, [data.starts].concat(cum.slice().reverse()), el) });
  }

  function latency(el) {
    var l = data.latency;
    var lines = [['p50', l.p50, '#1f77b4'], ['p90', l.p90, '#2ca02c'], ['p99', l.p99, '#ff7f0e'], ['max', l.max, '#d62728']];
    var opts = {
      title: 'Latency percentiles per ' + clock(data.bucketSeconds) + ' (log scale)', width: width(el), height: 260, plugins: [markers()],
      scales: { x: { time: false, range: [0, data.duration] }, y: { distr: 3 } },
      axes: [xAxis(), { values: function (u, t) { return t.map(seconds); }, size: 60 }],
      series: [{ label: 'time', value: function (u, v) { return v == null ? '–' : clock(v); } }].concat(lines.map(function (x) {
        return { label: x[0], stroke: x[2], width: 1.5, value: function (u, v) { return seconds(v); } };
      }))
    };
    // A log scale cannot show 0: an instant answer is drawn at 0.1 ms.
    var floor = function (arr) { return arr.map(function (v) { return v == null ? null : Math.max(v, 1e-4); }); };
    charts.push({ el: el, plot: new uPlot(opts, [data.starts].concat(lines.map(function (x) { return floor(x[1]); })), el) });
  }

  function resize() { charts.forEach(function (c) { c.plot.setSize({ width: width(c.el), height: 260 }); }); }

  stacked(document.getElementById('chart-requests'), 'Requests per ' + clock(data.bucketSeconds) + ', by status and reason', data.series);
  stacked(document.getElementById('chart-gateway'), 'Gateway errors per ' + clock(data.bucketSeconds) + ', by reason', data.series.filter(function (s) { return s.gateway; }));
  latency(document.getElementById('chart-latency'));
  window.addEventListener('resize', resize);
  // Paper is narrower than most screens: fit the canvases to the page before printing.
  window.addEventListener('beforeprint', function () { charts.forEach(function (c) { c.plot.setSize({ width: 680, height: 220 }); }); });
  window.addEventListener('afterprint', resize);
  document.body.setAttribute('data-charts', String(charts.length));
})();
`;
