// undici with the model's timing: its own timers tick every 500 ms above a second (K × 500 ms of
// scenario time at speed K), so the proxy has an exact connect timeout in its own connector and hears
// when a request starts on a connected socket: when the model's response deadline starts.

import { connect as netConnect } from 'node:net';
import { Agent, errors, type Dispatcher } from 'undici';

/** Put a function under this key in a request's options to hear when it starts on a connected socket. */
export const ON_SOCKET_READY = Symbol('lbsim.onSocketReady');

/** A connector whose connect timeout is a plain Node timer (exact to a millisecond). */
function exactConnector(timeoutRealMs: number) {
  return (options: { hostname: string; port: string }, callback: (...args: [null, import('node:net').Socket] | [Error, null]) => void): void => {
    const socket = netConnect({ host: options.hostname, port: Number(options.port), noDelay: true });
    let settled = false;
    const settle = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if (error) {
        socket.destroy();
        callback(error, null);
      } else callback(null, socket);
    };
    const onConnect = () => settle(null);
    const onError = (error: Error) => settle(error);
    const timer = setTimeout(() => settle(new errors.ConnectTimeoutError(`connect timeout after ${timeoutRealMs} ms`)), timeoutRealMs);
    socket.once('connect', onConnect);
    socket.once('error', onError);
  };
}

/** Calls the request's ON_SOCKET_READY function when undici starts writing it on a connected socket. */
const socketReadyInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const onReady = (opts as unknown as Record<symbol, unknown>)[ON_SOCKET_READY];
  if (typeof onReady !== 'function') return dispatch(opts, handler);
  const notifying = new Proxy(handler, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // The legacy and the current handler API each have one "the request starts on a socket" call.
      if (property === 'onConnect' || property === 'onRequestStart') {
        return (...args: unknown[]) => {
          onReady();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return dispatch(opts, notifying);
};

export interface PreciseAgentOptions {
  connectTimeoutRealMs: number;
  /** Idle connections are closed after this long. */
  keepAliveRealMs: number;
}

/** An agent with exact connect timeouts, no timeouts of its own after that, and the socket-ready hook. */
export function preciseAgent(options: PreciseAgentOptions): Dispatcher {
  const keepAlive = Math.max(1, Math.round(options.keepAliveRealMs));
  return new Agent({
    connect: exactConnector(Math.max(1, options.connectTimeoutRealMs)),
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: keepAlive,
    keepAliveMaxTimeout: keepAlive,
  }).compose(socketReadyInterceptor);
}
