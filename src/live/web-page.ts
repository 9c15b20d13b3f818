// The web app's one page: the bundled lessons, an editor validated as you type (each error shown
// at its line with its JSON path), run with a progress bar fed by the streamed run, the report,
// and two scenarios compared side by side.

import { escapeHtml, jsonForScript } from '../report/html/html-escape.js';

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1280px; padding: 12px 20px; color: #1b1f23; }
nav button { margin-right: 6px; } section { display: none; } section.shown { display: block; }
table { border-collapse: collapse; } td, th { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; } td.num { text-align: right; }
.wrap { position: relative; display: flex; } .gutter { position: relative; width: 26px; flex: none; overflow: hidden; }
textarea { font: 13px/18px ui-monospace, Menlo, Consolas, monospace; width: 100%; height: 460px; padding: 4px 6px; border: 1px solid #d0d7de; white-space: pre; }
.err-mark { position: absolute; left: 2px; width: 22px; height: 18px; color: #fff; background: #cf222e; border-radius: 3px; font-size: 11px; text-align: center; cursor: pointer; }
.field-error { color: #cf222e; font-family: ui-monospace, monospace; font-size: 12px; cursor: pointer; } .ok { color: #1a7f37; }
.side { display: flex; gap: 12px; } .side > div { flex: 1; min-width: 0; } .side textarea { height: 300px; }
iframe { width: 100%; height: 900px; border: 1px solid #d0d7de; } .busy { color: #9a6700; }
`;

const SCRIPT = String.raw`
var $ = function (id) { return document.getElementById(id); };
var LINE = 18, timer = null;
function show(id) { document.querySelectorAll('section').forEach(function (s) { s.classList.toggle('shown', s.id === id); }); }
function post(url, body) { return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }); }
function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
function goto(area, line, column) {
  var lines = area.value.split('\n'), at = 0;
  for (var i = 0; i < line - 1 && i < lines.length; i++) at += lines[i].length + 1;
  area.focus(); area.setSelectionRange(at + column - 1, at + (lines[line - 1] || '').length);
  area.scrollTop = (line - 3) * LINE;
}
function markErrors(area, gutter, list, errors) {
  gutter.innerHTML = ''; list.innerHTML = '';
  if (errors.length === 0) { list.innerHTML = '<span class="ok">valid</span>'; return; }
  errors.forEach(function (e, i) {
    var mark = document.createElement('div');
    mark.className = 'err-mark'; mark.textContent = String(i + 1); mark.title = e.path + ': ' + e.message;
    mark.setAttribute('data-path', e.path); mark.setAttribute('data-line', e.line);
    mark.style.top = ((e.line - 1) * LINE + 5 - area.scrollTop) + 'px';
    mark.onclick = function () { goto(area, e.line, e.column); };
    gutter.appendChild(mark);
    var item = document.createElement('div');
    item.className = 'field-error'; item.setAttribute('data-path', e.path);
    item.textContent = (i + 1) + '  line ' + e.line + ':' + e.column + '  ' + (e.path || '(top)') + ': ' + e.message + (e.expected ? ' (expected ' + e.expected + (e.actual ? ', got ' + e.actual : '') + ')' : '');
    item.onclick = function () { goto(area, e.line, e.column); };
    list.appendChild(item);
  });
}
function validate() {
  post('/api/validate', $('editor').value).then(function (r) { return r.json(); }).then(function (v) { markErrors($('editor'), $('gutter'), $('errors'), v.errors); });
}
function summaryHtml(s) {
  var rows = Object.keys(s.statusCounts).map(function (k) { return '<tr><td>' + k + '</td><td class="num">' + s.statusCounts[k] + '</td></tr>'; }).join('');
  var inc = s.incidents.map(function (i) { return '<tr class="incident"><td>' + i.number + '</td><td>' + i.status + ' ' + esc(i.reason) + '</td><td class="num">' + i.count + '</td><td class="num">' + (i.detectionLag == null ? '–' : i.detectionLag + 's') + '</td><td>' + esc(i.cause) + '</td></tr>'; }).join('');
  return '<p>' + s.requests.total + ' requests · ' + s.gatewayErrors.total + ' gateway errors · p99 ' + s.latency.p99 + 's</p><table>' + rows + '</table>' +
    (inc ? '<h3>Incidents</h3><table><tr><th>#</th><th>error</th><th>requests</th><th>detection lag</th><th>cause</th></tr>' + inc + '</table>' : '<p>No incidents.</p>');
}
function progress(percent) {
  $('progress-line').hidden = false; $('run-progress').value = percent; $('run-percent').textContent = percent + '%';
}
function streamed(line) {
  if (line.type === 'progress') progress(line.total > 0 ? Math.round((100 * line.simulated) / line.total) : 100);
  else if (line.type === 'result') { progress(100); $('result').innerHTML = summaryHtml(line.summary); }
  else if (line.type === 'error') $('result').innerHTML = '<p class="field-error">run failed: ' + esc(line.message) + '</p>';
}
function readLines(body) {
  var reader = body.getReader(), decoder = new TextDecoder(), rest = '';
  function next() {
    return reader.read().then(function (chunk) {
      rest += decoder.decode(chunk.value || new Uint8Array(0), { stream: !chunk.done });
      var lines = rest.split('\n'); rest = chunk.done ? '' : lines.pop();
      lines.forEach(function (l) { if (l.trim()) streamed(JSON.parse(l)); });
      if (!chunk.done) return next();
    });
  }
  return next();
}
function run() {
  $('result').innerHTML = '<p class="busy">running…</p>'; progress(0);
  post('/api/run/stream', $('editor').value).then(function (r) {
    if (r.ok) return readLines(r.body);
    return r.json().then(function (b) {
      $('progress-line').hidden = true;
      if (!b.errors) { $('result').innerHTML = '<p class="field-error">' + esc(b.error) + '</p>'; return; }
      markErrors($('editor'), $('gutter'), $('errors'), b.errors); $('result').innerHTML = '<p class="field-error">invalid scenario: see the errors</p>';
    });
  }).catch(function (e) { $('result').innerHTML = '<p class="field-error">run failed: ' + esc(e) + '</p>'; });
}
function report() {
  show('report'); $('report-frame').srcdoc = '<p>running…</p>';
  post('/api/report', $('editor').value).then(function (r) {
    if (r.ok) return r.text();
    return r.json().then(function (b) { return '<p>' + esc(b.error || 'invalid scenario: see the errors in the editor') + '</p>'; });
  }).then(function (html) { $('report-frame').srcdoc = html; });
}
function load(file, target) {
  return fetch('/api/scenarios/' + encodeURIComponent(file)).then(function (r) { return r.text(); }).then(function (t) { $(target).value = t; });
}
function edit(file) { load(file, 'editor').then(function () { show('edit'); validate(); }); }
function compare() {
  $('compare-result').innerHTML = '<p class="busy">running both…</p>';
  var parse = function (t) { try { return JSON.parse(t); } catch (e) { return t; } };
  post('/api/compare', { a: parse($('cmp-a').value), b: parse($('cmp-b').value) }).then(function (r) { return r.json().then(function (b) { return { ok: r.ok, body: b }; }); }).then(function (x) {
    if (!x.ok) { $('compare-result').innerHTML = '<pre class="field-error">' + esc(x.body.errors ? JSON.stringify(x.body.errors, null, 2) : x.body.error) + '</pre>'; return; }
    var rows = x.body.rows.map(function (r) { return '<tr><td>' + r.metric + '</td><td class="num">' + r.a + '</td><td class="num">' + r.b + '</td><td class="num">' + r.meanDifference + '</td></tr>'; }).join('');
    $('compare-result').innerHTML = '<table id="compare-table"><tr><th>metric</th><th>A</th><th>B</th><th>B − A</th></tr>' + rows + '</table><div class="side"><div><h3>A</h3>' + summaryHtml(x.body.a) + '</div><div><h3>B</h3>' + summaryHtml(x.body.b) + '</div></div>';
  });
}
$('editor').addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(validate, 250); });
$('editor').addEventListener('scroll', function () { document.querySelectorAll('#gutter .err-mark').forEach(function (m) { m.style.top = ((m.getAttribute('data-line') - 1) * LINE + 5 - $('editor').scrollTop) + 'px'; }); });
document.body.setAttribute('data-ready', 'true');
`;

export function webPage(lessons: ReadonlyArray<{ file: string; name: string; description: string }>): string {
  const rows = lessons
    .map(
      (l) =>
        `<tr data-file="${escapeHtml(l.file)}"><td><a href="#" onclick="edit(${escapeHtml(JSON.stringify(l.file))});return false">${escapeHtml(l.name)}</a></td><td>${escapeHtml(l.description)}</td>` +
        `<td><button onclick="load(${escapeHtml(JSON.stringify(l.file))},'cmp-a')">as A</button> <button onclick="load(${escapeHtml(JSON.stringify(l.file))},'cmp-b')">as B</button></td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>lbsim</title><style>${STYLE}</style></head><body>
<h1>lbsim</h1>
<nav><button onclick="show('list')">Lessons</button><button onclick="show('edit')">Editor</button><button onclick="show('report')">Report</button><button onclick="show('compare')">Compare</button></nav>
<section id="list" class="shown"><h2>Lessons</h2><table id="lessons"><tr><th>scenario</th><th>what it teaches</th><th>compare</th></tr>${rows}</table></section>
<section id="edit"><h2>Editor</h2><p>Validated as you type, by the same validator as <code>lbsim validate</code>.</p>
<div class="wrap"><div class="gutter" id="gutter"></div><textarea id="editor" spellcheck="false"></textarea></div>
<div id="errors"></div><p><button id="run" onclick="run()">Run</button> <button id="view-report" onclick="report()">View report</button></p>
<p id="progress-line" hidden><progress id="run-progress" max="100" value="0"></progress> <span id="run-percent">0%</span></p><div id="result"></div></section>
<section id="report"><h2>Report</h2><iframe id="report-frame" title="report"></iframe></section>
<section id="compare"><h2>Compare</h2><div class="side"><div><h3>A</h3><textarea id="cmp-a" spellcheck="false"></textarea></div><div><h3>B</h3><textarea id="cmp-b" spellcheck="false"></textarea></div></div>
<p><button id="compare-run" onclick="compare()">Compare</button></p><div id="compare-result"></div></section>
<script type="application/json" id="lessons-data">${jsonForScript(lessons)}</script>
<script>${SCRIPT}</script></body></html>`;
}
