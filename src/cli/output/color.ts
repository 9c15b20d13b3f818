// Whether a report goes out in colour: asked for (no --no-color), to a terminal, and NO_COLOR unset.

export function colorWanted(flag: boolean | undefined): boolean {
  return flag !== false && process.stdout.isTTY === true && !process.env.NO_COLOR;
}
