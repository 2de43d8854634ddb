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
import type { AxiosInstance, AxiosStatic } from 'axios';
import { getProxyForUrl } from 'proxy-from-env';

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

/** The code of an answer over the size cap. */
export const TOO_LARGE = 'ERR_RESPONSE_TOO_LARGE';

export class Transport {
  private readonly viaProxy = new Map<string, boolean>();
  private proxyClient: AxiosInstance | undefined;

  constructor(
    private readonly agents: Agents,
    private readonly maxBytes = MAX_RESPONSE_BYTES,
  ) {}

  request(r: HttpRequest): Promise<HttpAnswer> {
    const url = new URL(r.url);
    return this.proxied(url) ? this.throughProxy(r) : this.direct(url, r);
  }

  /** Whether a proxy from the environment applies to a URL's origin; asked once per origin. */
  private proxied(url: URL): boolean {
    let p = this.viaProxy.get(url.origin);
    if (p === undefined) {
      p = !!getProxyForUrl(url.href);
      this.viaProxy.set(url.origin, p);
    }
    return p;
  }

  private direct(url: URL, r: HttpRequest): Promise<HttpAnswer> {
    if (r.signal?.aborted) return Promise.reject(new TransportError('The request was stopped', 'ERR_CANCELED'));
    return new Promise((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body !== undefined) headers['Content-Length'] = Buffer.byteLength(r.body);
      const req = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: r.method,
        headers,
        agent: secure ? this.agents.https : this.agents.http,
      });
      let settled = false;
      let written = false;
      req.on('finish', () => (written = true));
      const timer = r.timeoutMs
        ? setTimeout(() => done(new TransportError(`No answer within ${r.timeoutMs} ms`, TIMEOUT_CODE)), r.timeoutMs)
        : undefined;
      const done = (err: TransportError | null, answer?: HttpAnswer): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        r.signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          err.written = written;
          reject(err);
        } else resolve(answer as HttpAnswer);
      };
      const onAbort = (): void => done(new TransportError('The request was stopped', 'ERR_CANCELED'));
      req.on('error', (err: NodeJS.ErrnoException) =>
        done(Object.assign(new TransportError(err.message, err.code ?? ''), { cause: err })),
      );
      r.signal?.addEventListener('abort', onAbort, { once: true });
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
