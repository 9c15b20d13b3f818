// blackhole on a real port: a listener that accepts nothing. A child process listens with a backlog
// of 1 and blocks its event loop, and we fill that backlog ourselves, so the kernel drops every further
// SYN and a client's connect waits until its own connect timeout (Linux; see README "Live mode").

import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/** Never returns to its event loop, so never accepts; exits when its parent is gone (no orphan holds the port). */
const CHILD = `
const server = require('node:net').createServer();
server.on('error', (e) => { process.stdout.write('error ' + e.code + '\\n'); process.exit(1); });
server.listen({ port: Number(process.argv[1]), host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write('ready\\n');
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const parent = process.ppid;
  for (;;) { Atomics.wait(cell, 0, 0, 200); if (process.ppid !== parent) process.exit(0); }
});`;

/** Connections that fill the accept queue (backlog 1 holds two on Linux; more is harmless). */
const FILLERS = 3;
const FILL_WAIT_MS = 50;

export class BlackholeListener {
  private child: ChildProcess | null = null;
  private fillers: Socket[] = [];

  constructor(private readonly port: number) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['-e', CHILD, String(this.port)], { stdio: ['ignore', 'pipe', 'ignore'] });
    this.child = child;
    const line = await new Promise<string>((resolve) => {
      child.stdout!.once('data', (data: Buffer) => resolve(data.toString().trim()));
      child.once('exit', () => resolve('exited'));
    });
    if (line !== 'ready') throw new Error(`blackhole listener on port ${this.port}: ${line}`);
    for (let i = 0; i < FILLERS; i++) {
      const socket = connect(this.port, '127.0.0.1');
      socket.on('error', () => undefined);
      this.fillers.push(socket);
    }
    await new Promise((resolve) => setTimeout(resolve, FILL_WAIT_MS));
  }

  /** Frees the port: the child is killed and waited for, so the port can be listened on again at once. */
  async stop(): Promise<void> {
    for (const socket of this.fillers) socket.destroy();
    this.fillers = [];
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
