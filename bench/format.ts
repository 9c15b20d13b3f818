// Number and table formatting shared by every section of the benchmark's printout.

export const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export const fixed = (value: number, digits: number) => value.toFixed(digits);

export function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((cell, c) => Math.max(cell.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
