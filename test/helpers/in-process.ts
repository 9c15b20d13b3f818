// Runs the lbsim command line in this process, as `mainAsync` (every command, worker threads
// included): the exit code and both streams captured, colours stripped. Far faster than a child process.

import { vi } from 'vitest';
import { mainAsync } from '../../src/cli/program/program.js';

const ANSI = /\u001b\[[0-9;]*m/g;

export async function lbsimIn(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await mainAsync(args);
    return { code, stdout: stdout.replace(ANSI, ''), stderr: stderr.replace(ANSI, '') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
