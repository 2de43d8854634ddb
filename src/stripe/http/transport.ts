/**
 * The client's HTTP transport: one request on node's http/https with the client's keep-alive agents,
 * the whole answer as a Buffer. axios's request pipeline (config merging, header objects,
 * interceptors, its http adapter re-reading the proxy environment and building a stream pipeline)
 * cost about 0.1 ms of CPU per request inside Node-RED, a fifth of a publisher's whole cost, so the
 * direct path does without it. Where a proxy applies (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, decided
 * once per origin) axios sends the request, since it knows proxies.
 *
 * What it does: the body as a string or Buffer; the answer's body decoded when a server sends it
 * gzip/deflate/br-encoded unasked; at most `maxBytes` of it; an AbortSignal that destroys the
 * request (code ERR_CANCELED). A connection that closes mid-answer fails with ERR_BAD_RESPONSE;
 * other failures keep node's code (ECONNRESET, ECONNREFUSED, CERT_HAS_EXPIRED, ...).
 */
import * as http from 'http';
import * as https from 'https';
import * as zlib from 'zlib';
import { performance } from 'perf_hooks';
import type { AxiosInstance, AxiosStatic } from 'axios';
import { getProxyForUrl } from 'proxy-from-env';
import { onAbort } from '../common/abort';

/** The largest answer read (Stripe's JSON is far smaller; a quote PDF is a few hundred KB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface Agents {
  http: http.Agent;
  https: https.Agent;
}

/** An answer: its status, its headers (lower-case names), its body. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: Buffer;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  /** The most the whole request may take; then it fails with ERR_ATTEMPT_TIMEOUT. */
  timeoutMs?: number;
}

/** The code of a request that took longer than its timeoutMs. */
export const TIMEOUT_CODE = 'ERR_ATTEMPT_TIMEOUT';

/** A failure with a code, as node gives them (`ECONNRESET`) or ours (`ERR_BAD_RESPONSE`, `ERR_CANCELED`, ...). */
export class TransportError extends Error {
  readonly code: string;
  /** Whether the whole request had been handed to the connection when it failed (it may have reached the server). */
  written?: boolean;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'TransportError';
    this.code = code;
  }
}

/** Decodes a body a server compressed unasked, to at most `max` bytes (a small bomb must not fill the memory). */
function decode(body: Buffer, encoding: string | undefined, max: number): Buffer {
  if (!body.length) return body;
  const opts = { maxOutputLength: max };
  try {
    switch ((encoding ?? '').trim().toLowerCase()) {
      case 'gzip':
      case 'x-gzip':
        return zlib.gunzipSync(body, opts);
      case 'deflate':
        return zlib.inflateSync(body, opts);
      case 'br':
        return zlib.brotliDecompressSync(body, opts);
      default:
        return body;
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new TransportError(`The answer is larger than ${max} bytes`, TOO_LARGE);
    }
    throw new TransportError('The answer could not be decompressed', 'ERR_BAD_RESPONSE');
  }
}

/**
 * A request's headers as node's http sends them from an object (its own, Content-Length, then Host),
 * but as a list: node then writes them as they are, without storing each in the request's header map
 * (setHeader, then getHeader for Host and Expect), which cost more than anything else of ours in a
 * request. Headers that node treats specially when given as an object (Host, Expect, Content-Length,
 * a name given twice) go that way.
 */
function rawHeaders(r: HttpRequest, origin: Origin): string[] | Record<string, string | number> {
  const raw: string[] = [];
  const names: string[] = [];
  for (const name of Object.keys(r.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'expect' || lower === 'content-length' || names.includes(lower)) {
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body !== undefined) headers['Content-Length'] = Buffer.byteLength(r.body);
      return headers;
    }
    names.push(lower);
    raw.push(name, r.headers[name]);
  }
  if (r.body !== undefined) raw.push('Content-Length', String(Buffer.byteLength(r.body)));
  raw.push('Host', origin.host);
  return raw;
}

/** A request's timeout, in its transport's Deadlines. */
interface Deadline {
  at: number;
  fire: () => void;
  done: boolean;
}

/** Milliseconds on a clock that never steps back. */
const clock = (): number => performance.now();

/**
 * The timeouts of a transport's requests, on one timer: a timer of node set and cleared for every
 * request cost more than the rest of the transport's own work for it. Deadlines are kept in the order
 * they fall due (a client gives all its requests one timeout, so a new one goes at the end); the timer
 * waits for the earliest one still open. It does not keep the process alive: a request in flight does
 * that through its socket, as before.
 */
class Deadlines {
  private readonly queue: Deadline[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  /** Calls `fire` after `ms`, unless the deadline is cleared first. */
  add(ms: number, fire: () => void): Deadline {
    const d: Deadline = { at: clock() + ms, fire, done: false };
    const q = this.queue;
    let i = q.length;
    while (i > 0 && q[i - 1].at > d.at) i--;
    if (i === q.length) q.push(d);
    else q.splice(i, 0, d);
    if (d.at < this.timerAt) this.arm(d.at);
    return d;
  }

  /** The request has ended: its deadline no longer counts. */
  clear(d: Deadline): void {
    d.done = true;
    const q = this.queue;
    while (q.length && q[0].done) q.shift();
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.due(), Math.max(1, Math.ceil(at - clock())));
    this.timer.unref();
  }

  /** Fires every deadline that has come (a timer may fire a little before the clock says), then waits for the next. */
  private due(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = clock();
    const q = this.queue;
    try {
      while (q.length && (q[0].done || q[0].at <= now)) {
        const d = q.shift() as Deadline;
        if (d.done) continue;
        d.done = true;
        d.fire();
      }
    } finally {
      // Also after a `fire` that threw (as a timer's callback that throws, it is not caught here): the others still fire.
      if (q.length) this.arm(q[0].at);
    }
  }
}

/** The code of an answer over the size cap. */
export const TOO_LARGE = 'ERR_RESPONSE_TOO_LARGE';

/** What a request needs of its URL's origin, parsed once per origin (a client sends to one or two). */
interface Origin {
  protocol: string;
  secure: boolean;
  hostname: string;
  port: string | undefined;
  /** The Host header node's http would send for it (the hostname, IPv6 in brackets, the port unless the default). */
  host: string;
  /** Whether a proxy from the environment applies (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). */
  proxied: boolean;
}

/** The most origins remembered (a client has its base URI, the files host, the meter event stream's). */
const MAX_ORIGINS = 32;

/**
 * A path and query that the WHATWG URL parser keeps exactly as they are: only characters it never
 * percent-encodes, no dot segment (`/.`, `%2e`), no backslash, no fragment, no empty `?`. Anything
 * else is parsed by `new URL`, as every request was before.
 */
const VERBATIM_REST = /^(?![^?]*%2e)\/[A-Za-z0-9\-_~!$&()*+,;=:@%/[\]]*(\?[A-Za-z0-9\-._~!$&()*+,;=:@%/?[\]]+)?$/i;

export class Transport {
  private readonly origins = new Map<string, Origin>();
  private readonly deadlines = new Deadlines();
  private proxyClient: AxiosInstance | undefined;

  constructor(
    private readonly agents: Agents,
    private readonly maxBytes = MAX_RESPONSE_BYTES,
  ) {}

  request(r: HttpRequest): Promise<HttpAnswer> {
    const { origin, path } = this.target(r.url);
    return origin.proxied ? this.throughProxy(r) : this.direct(origin, path, r);
  }

  /**
   * Where a URL goes: its origin, parsed once, and its path and query, the URL's own text when the
   * parser would keep them as they are (else as `new URL` gives them).
   */
  private target(href: string): { origin: Origin; path: string } {
    const slash = href.indexOf('/', href.indexOf('//') + 2);
    const rest = slash > 0 ? href.slice(slash) : '';
    if (slash > 0 && VERBATIM_REST.test(rest)) return { origin: this.originOf(href.slice(0, slash), href), path: rest };
    const url = new URL(href);
    return { origin: this.originOf(url.origin, url.href), path: `${url.pathname}${url.search}` };
  }

  /** An origin's parts, and whether a proxy from the environment applies to it; asked once per origin. */
  private originOf(key: string, href: string): Origin {
    let o = this.origins.get(key);
    if (!o) {
      const url = new URL(href);
      const secure = url.protocol === 'https:';
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const port = url.port || undefined;
      // As node's ClientRequest makes it (its agent's default port: 80, or 443 for https).
      let host =
        hostname.indexOf(':') !== -1 && hostname.includes(':', hostname.indexOf(':') + 1) ? `[${hostname}]` : hostname;
      if (port && +port !== (secure ? 443 : 80)) host += `:${port}`;
      o = { protocol: url.protocol, secure, hostname, port, host, proxied: !!getProxyForUrl(url.href) };
      if (this.origins.size >= MAX_ORIGINS) this.origins.clear();
      this.origins.set(key, o);
    }
    return o;
  }

  private direct(origin: Origin, path: string, r: HttpRequest): Promise<HttpAnswer> {
    if (r.signal?.aborted) return Promise.reject(new TransportError('The request was stopped', 'ERR_CANCELED'));
    return new Promise((resolve, reject) => {
      const secure = origin.secure;
      const headers = rawHeaders(r, origin);
      const req = (secure ? https : http).request({
        protocol: origin.protocol,
        hostname: origin.hostname,
        port: origin.port,
        path,
        method: r.method,
        headers,
        agent: secure ? this.agents.https : this.agents.http,
      });
      let settled = false;
      let written = false;
      req.on('finish', () => (written = true));
      const deadline = r.timeoutMs
        ? this.deadlines.add(r.timeoutMs, () =>
            done(new TransportError(`No answer within ${r.timeoutMs} ms`, TIMEOUT_CODE)),
          )
        : undefined;
      const done = (err: TransportError | null, answer?: HttpAnswer): void => {
        if (settled) return;
        settled = true;
        if (deadline) this.deadlines.clear(deadline);
        stopListening?.();
        if (err) {
          req.destroy();
          err.written = written;
          reject(err);
        } else resolve(answer as HttpAnswer);
      };
      req.on('error', (err: NodeJS.ErrnoException) =>
        done(Object.assign(new TransportError(err.message, err.code ?? ''), { cause: err })),
      );
      const stopListening = r.signal
        ? onAbort(r.signal, () => done(new TransportError('The request was stopped', 'ERR_CANCELED')))
        : undefined;
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const cut = (): void => done(new TransportError('The connection closed mid-answer', 'ERR_BAD_RESPONSE'));
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > this.maxBytes)
            done(new TransportError(`The answer is larger than ${this.maxBytes} bytes`, TOO_LARGE));
          else chunks.push(c);
        });
        res.on('error', cut);
        res.on('close', () => {
          if (!res.complete) cut();
        });
        res.on('end', () => {
          const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
          try {
            done(null, {
              status: res.statusCode ?? 0,
              headers: res.headers,
              data: decode(raw, res.headers['content-encoding'], this.maxBytes),
            });
          } catch (err) {
            done(err as TransportError);
          }
        });
      });
      req.end(r.body);
    });
  }

  /**
   * Through the proxy the environment names, with axios (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). axios's
   * own timeout only notices a silent connection, so a timer of ours bounds the whole request.
   */
  private async throughProxy(r: HttpRequest): Promise<HttpAnswer> {
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = r.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          ctrl.abort();
        }, r.timeoutMs)
      : undefined;
    const onAbort = (): void => ctrl.abort();
    if (r.signal?.aborted) ctrl.abort();
    r.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.proxyRequest(r, ctrl.signal);
    } catch (err) {
      if (timedOut) throw new TransportError(`No answer within ${r.timeoutMs} ms`, TIMEOUT_CODE);
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
      r.signal?.removeEventListener('abort', onAbort);
    }
  }

  private async proxyRequest(r: HttpRequest, signal: AbortSignal): Promise<HttpAnswer> {
    // Loaded only where a proxy is used: an install without one never loads axios.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const axios = require('axios') as AxiosStatic;
    this.proxyClient ??= axios.create({
      httpAgent: this.agents.http,
      httpsAgent: this.agents.https,
      maxRedirects: 0,
      responseType: 'arraybuffer',
      transformResponse: [(d: unknown) => d],
      validateStatus: () => true,
      decompress: true,
      maxContentLength: this.maxBytes,
    });
    try {
      const res = await this.proxyClient.request<Buffer>({
        method: r.method,
        url: r.url,
        headers: r.headers,
        data: r.body,
        signal,
      });
      const headers: Record<string, string | string[] | undefined> = {};
      for (const [k, v] of Object.entries(res.headers ?? {}))
        headers[k.toLowerCase()] = Array.isArray(v)
          ? v.map(String)
          : v === undefined || v === null
            ? undefined
            : String(v);
      return { status: res.status, headers, data: Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? '') };
    } catch (err) {
      const e = err as { message?: string; code?: string };
      if (axios.isCancel(err)) throw new TransportError('The request was stopped', 'ERR_CANCELED');
      if (/maxContentLength/.test(String(e.message)))
        throw new TransportError(`The answer is larger than ${this.maxBytes} bytes`, TOO_LARGE);
      throw Object.assign(new TransportError(String(e.message ?? err), e.code ?? ''), { cause: err });
    }
  }
}
