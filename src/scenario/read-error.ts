// What a failed file read means to a user ("file not found", "permission denied"), for the scenario
// and the native configs alike.

export function readError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EISDIR') return 'cannot read file: it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read file: permission denied';
  return `cannot read file${code === '' ? '' : `: ${code}`}`;
}
