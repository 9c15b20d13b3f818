// blackhole on a real port: a listener that accepts nothing, in one child process per instance spawned
// once and switched by a pipe command, so the port refuses for ~0.2–1 ms around each start and end
// (measured; a few ms on a starved CPU), not for a 50–100 ms spawn (Linux; see docs/live-mode.md).

import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';

/**
 * Waits for commands in a blocking read of stdin, so its event loop never runs while it listens and
 * never accepts. `listen PORT` listens with a backlog of 1 (the callback comes on a next tick, before any
 * poll, so nothing is accepted meanwhile); `close` closes the listener (queued connections are reset,
 * the port is free at once). stdin at end, as when the parent dies, ends it: no orphan holds the port.
 */
const CHILD = `
const fs = require('node:fs');
const net = require('node:net');
const chunk = Buffer.alloc(256);
const cell = new Int32Array(new SharedArrayBuffer(4));
let pending = '';
let server = null;
const reply = (line) => fs.writeSync(1, line + '\\n');
function command() {
  for (;;) {
    const end = pending.indexOf('\\n');
    if (end >= 0) { const line = pending.slice(0, end); pending = pending.slice(end + 1); return line; }
    let read = 0;
    try { read = fs.readSync(0, chunk, 0, chunk.length, null); }
    catch (e) { if (e.code !== 'EAGAIN') process.exit(0); Atomics.wait(cell, 0, 0, 1); continue; }
    if (read === 0) process.exit(0);
    pending += chunk.toString('latin1', 0, read);
  }
}
function serve() {
  for (;;) {
    const [verb, port] = command().split(' ');
    if (verb === 'close') { if (server) server.close(); server = null; reply('closed'); continue; }
    server = net.createServer();
    server.once('error', (e) => { server = null; reply('error ' + e.code); serve(); });
    server.listen({ port: Number(port), host: '127.0.0.1', backlog: 1 }, () => { reply('ready'); serve(); });
    return;
  }
}
reply('started');
serve();`;

/** Connections that fill the accept queue: backlog 1 holds two on Linux (more is harmless). */
const FILLERS = 3;
const QUEUE_SLOTS = 2;
/** The most we wait for the queue to fill (a client's connect may have taken a slot first). */
const FILL_WAIT_MS = 20;

export class BlackholeListener {
  private child: ChildProcess | null = null;
  private started: Promise<void> | null = null;
  private fillers: Socket[] = [];
  private listening = false;
  private closing = false;
  private buffered = '';
  private readonly lines: string[] = [];
  private waiter: ((line: string) => void) | null = null;

  /** Told when the child dies on its own (not by close()), so the owner can tell and start over. */
  constructor(private readonly onExit: () => void = () => undefined) {}

  /** The child's process id, while there is one (tests check it is gone after close()). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the child once and waits until it blocks on its first command; later calls share it. */
  prepare(): Promise<void> {
    if (this.closing) return Promise.reject(new Error('blackhole listener closed'));
    this.started ??= this.spawnChild();
    return this.started;
  }

  /** Listens on `port` and fills the queue: the caller closes its own listener on it just before. */
  async start(port: number): Promise<void> {
    const line = await this.request(`listen ${port}`);
    if (line !== 'ready') throw new Error(`blackhole listener on port ${port}: ${line}`);
    this.listening = true;
    await this.fill(port);
    if (!this.child) throw new Error(`blackhole listener on port ${port}: exited`);
  }

  /** Closes the child's listener: the port is free once this resolves (a dead child holds none either). */
  async stop(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    await this.request('close');
    // After the close, not before: a freed queue slot would let a client's connect open meanwhile.
    for (const socket of this.fillers) socket.destroy();
    this.fillers = [];
  }

  /** Kills the child and waits for it to be gone, so its port and process are both free. */
  async close(): Promise<void> {
    this.closing = true;
    this.listening = false;
    for (const socket of this.fillers) socket.destroy();
    this.fillers = [];
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  private spawnChild(): Promise<void> {
    // Without the parent's NODE_OPTIONS: a loader there (tsx, a test runner) would only slow it down.
    const env = { ...process.env, NODE_OPTIONS: '' };
    const child = spawn(process.execPath, ['-e', CHILD], { stdio: ['pipe', 'pipe', 'ignore'], env });
    this.child = child;
    child.stdin!.on('error', () => undefined);
    child.stdout!.setEncoding('latin1');
    child.stdout!.on('data', (data: string) => this.onData(data));
    child.once('exit', () => {
      for (const socket of this.fillers) socket.destroy();
      this.fillers = [];
      this.child = null;
      this.started = null;
      this.listening = false;
      this.buffered = '';
      this.lines.length = 0;
      this.deliver('exited');
      if (!this.closing) this.onExit();
    });
    return this.warmUp();
  }

  /** A first listen (any port) and close, so the code both sides run is compiled before a blackhole needs it. */
  private async warmUp(): Promise<void> {
    const started = await this.nextLine();
    if (started !== 'started') throw new Error(`blackhole listener: ${started}`);
    const ready = await this.send('listen 0');
    if (ready !== 'ready') throw new Error(`blackhole listener: ${ready}`);
    await this.send('close');
  }

  /** One command, one answer line; 'exited' when the child is gone. Commands never overlap (one caller). */
  private async request(command: string): Promise<string> {
    await this.prepare();
    return this.send(command);
  }

  private send(command: string): Promise<string> {
    const child = this.child;
    if (!child) return Promise.resolve('exited');
    const answer = this.nextLine();
    child.stdin!.write(`${command}\n`);
    return answer;
  }

  private fill(port: number): Promise<void> {
    return new Promise((resolve) => {
      let opened = 0;
      const timer = setTimeout(resolve, FILL_WAIT_MS);
      for (let i = 0; i < FILLERS; i++) {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        socket.once('connect', () => {
          if (++opened < QUEUE_SLOTS) return;
          clearTimeout(timer);
          resolve();
        });
        this.fillers.push(socket);
      }
    });
  }

  private onData(data: string): void {
    this.buffered += data;
    for (let end = this.buffered.indexOf('\n'); end >= 0; end = this.buffered.indexOf('\n')) {
      this.deliver(this.buffered.slice(0, end));
      this.buffered = this.buffered.slice(end + 1);
    }
  }

  private deliver(line: string): void {
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter(line);
    else if (line !== 'exited') this.lines.push(line);
  }

  private nextLine(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiter = resolve));
  }
}
