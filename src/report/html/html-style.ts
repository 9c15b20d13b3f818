// The HTML report's own styles: a plain readable page, swimlane blocks and markers, and print
// rules (no shadows, sections kept whole, colours printed as shown).

export const REPORT_CSS = `
:root { --fg: #1b1f23; --muted: #586069; --line: #d0d7de; --bg: #fff; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1180px; padding: 16px 24px 48px; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.sub { color: var(--muted); margin: 2px 0; }
table { border-collapse: collapse; margin: 6px 0; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; } .card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.card b { display: block; font-size: 20px; } .card span { color: var(--muted); font-size: 12px; }
.chart { margin: 10px 0; min-height: 60px; } .chart.empty { color: var(--muted); border: 1px dashed var(--line); padding: 12px; }
.swimlanes { border: 1px solid var(--line); padding: 6px 8px; }
.instance { border-top: 1px solid #eee; padding: 3px 0; } .instance:first-of-type { border-top: 0; }
.lane { display: flex; align-items: center; height: 18px; margin: 2px 0; }
.lane-label { width: 190px; flex: none; font: 12px ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lane-track { position: relative; flex: 1; height: 14px; background: #f6f8fa; }
.lane-axis { height: 16px; } .lane-axis .lane-track { background: none; }
.tick { position: absolute; font-size: 11px; color: var(--muted); transform: translateX(-50%); }
.seg { position: absolute; top: 0; bottom: 0; }
.seg-key { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 12px; vertical-align: middle; }
.s-serving, .b-InService { background: #2da44e; } .s-degraded { background: #d4a72c; } .s-hung { background: #bc4c00; }
.s-unreachable { background: #8250df; } .s-crashed { background: #1b1f23; } .b-OutOfService { background: #cf222e; }
.lane-belief .b-InService { background: #7ee2a8; }
.mark { position: absolute; top: -4px; font-size: 11px; line-height: 1; transform: translateX(-50%); z-index: 2; }
.mark-fault { color: #cf222e; } .mark-recover { color: #1a7f37; } .mark-detect { color: #0969da; }
.legend { font-size: 12px; color: var(--muted); } .legend span { margin-right: 10px; } .legend b { margin-left: 12px; }
.note { color: var(--muted); font-size: 12px; }
.pass { color: #1a7f37; font-weight: 600; } .fail { color: #cf222e; font-weight: 600; }
pre { background: #f6f8fa; border: 1px solid var(--line); padding: 10px; overflow: auto; font-size: 12px; white-space: pre-wrap; }
details summary { cursor: pointer; color: var(--muted); }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; } section, .instance, tr, .chart { break-inside: avoid; }
  details.screen-only { display: none; }
  .u-legend { font-size: 10px; }
  pre { white-space: pre-wrap; max-height: none; overflow: visible; }
}
`;
