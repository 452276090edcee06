/**
 * The REST client under GitHubApi, loaded on the first request (an offline run never loads
 * it): Octokit as @actions/github builds it (its `GitHub` class: base URL for GHES and
 * GHE.com, REST and pagination plugins, the runner's user agent), with @octokit/plugin-retry
 * (5xx and network failures, backoff) and @octokit/plugin-throttling (primary and secondary
 * rate limits), over a fetch of our own. That fetch is where our rules hold, whatever Octokit
 * or a plugin does above it:
 * - the connection comes from @actions/http-client's proxy agents (`HTTPS_PROXY`,
 *   `HTTP_PROXY`, `NO_PROXY`, as the runner documents them), decided per destination;
 * - the token is added here, and only for the API's own origin (Octokit never holds it, so no
 *   Octokit error, log or plugin can carry it anywhere); redirects are followed here, one hop
 *   at a time, so a redirect off the API's host goes without it;
 * - every request (retries and redirects included) is counted, and none starts once the
 *   run's time budget is spent; a retry whose wait would pass it is not made (`budget`);
 * - a timeout bounds each request; a JSON body is read with a size cap before Octokit parses
 *   it; a streamed body (artifacts, tarballs) has its own cap and an idle timeout instead.
 */
import { GitHub, getUserAgentWithOrchestrationId } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import type { Readable } from 'node:stream'
import { BodyTooLarge, get, open } from './http.js'
import type { HttpResponse } from './http.js'

export { BodyTooLarge, Timeout } from './http.js'

/** A failure the plugins must not retry: Octokit passes an `AbortError` through untouched. */
export class Final extends Error {
  override name = 'AbortError'
  constructor(override readonly cause: Error) {
    super(cause.message)
  }
}

export interface TransportOptions {
  /** The API's origin: the only one the token is sent to. */
  origin: string
  token?: string
  timeoutMs: number
  /** Epoch ms after which no request starts. */
  deadline: number
  maxBytes: number
  /** Hand a 2xx body over as a stream with an idle timeout (downloads), instead of reading it. */
  stream?: boolean
  count: () => void
  /** `budget(url)`: the error to throw when the budget is spent. */
  budget: (url: string) => Error
}

/** What Octokit reads of a fetch Response. */
export interface FetchResponse {
  status: number
  url: string
  headers: { get(name: string): string | null; [Symbol.iterator](): IterableIterator<[string, string]> }
  /**
   * What Octokit hands over unread when asked not to parse: the stream of a download, or the
   * bytes of a body already read (GitHubApi parses JSON itself: Octokit's parser runs a reviver
   * over every key to turn large numbers into BigInts, which the gate never needs).
   */
  readonly body: Readable | Buffer
  text(): Promise<string>
  json(): Promise<unknown>
  arrayBuffer(): Promise<ArrayBuffer>
}

export type Fetch = (url: string | URL, init?: { method?: string; headers?: Record<string, string> }) => Promise<FetchResponse>

const REDIRECT = new Set([301, 302, 303, 307, 308])

function response(r: HttpResponse, url: URL, stream: Readable | undefined): FetchResponse {
  return {
    status: r.status,
    url: url.toString(),
    headers: {
      get: r.headers.get,
      *[Symbol.iterator]() {
        for (const n of r.headers.names?.() ?? []) {
          const v = r.headers.get(n)
          if (v !== null) yield [n, v] as [string, string]
        }
      },
    },
    body: stream ?? r.body,
    text: async () => r.body.toString('utf8'),
    json: async () => JSON.parse(r.body.toString('utf8')) as unknown,
    arrayBuffer: async () => r.body.buffer.slice(r.body.byteOffset, r.body.byteOffset + r.body.byteLength) as ArrayBuffer,
  }
}

/**
 * The fetch Octokit calls (`request.fetch`), over node:http with @actions/http-client's proxy
 * agents (./http.ts): one GET per hop, redirects followed here. Undici's fetch, which
 * @actions/github uses by default, cost three to four times the CPU per request (web streams)
 * and made the resolution bench miss its target on two cores.
 */
export function transport(o: TransportOptions): Fetch {
  return async (input, init = {}) => {
    let url = new URL(String(input))
    if ((init.method ?? 'GET') !== 'GET') throw new Final(new Error(`${init.method} is not a request the gate makes`))
    const given: Record<string, string> = {}
    for (const [k, v] of Object.entries(init.headers ?? {})) if (k.toLowerCase() !== 'authorization') given[k.toLowerCase()] = String(v) // the token is ours to add, never Octokit's
    for (let redirects = 0; ; redirects++) {
      const left = o.deadline - Date.now()
      if (left <= 0) throw new Final(o.budget(url.toString()))
      const headers = { ...given }
      if (o.token && url.origin === o.origin) headers.authorization = `Bearer ${o.token}`
      o.count()
      let r: HttpResponse
      let stream: Readable | undefined
      try {
        if (o.stream) {
          const s = await open(url.toString(), headers, o.timeoutMs, o.maxBytes)
          r = s
          stream = s.stream
        } else r = await get(url.toString(), headers, Math.min(o.timeoutMs, left), o.maxBytes)
      } catch (e) {
        if (e instanceof BodyTooLarge) throw new Final(e)
        // a plain error: Octokit makes it a RequestError with status 500, which the retry plugin retries
        throw e
      }
      if (REDIRECT.has(r.status)) {
        stream?.destroy()
        const loc = r.headers.get('location')
        if (!loc || redirects >= 5) throw new Final(Object.assign(new Error(`too many redirects or no Location (HTTP ${r.status})`), { status: r.status }))
        url = new URL(loc, url)
        continue
      }
      return response(r, url, stream)
    }
  }
}

export interface ClientOptions {
  baseUrl: string
  /** Epoch ms after which no retry is waited for. */
  deadline: number
  userAgent: string
  fetch: Fetch
  retries: number
  backoffMs: number
  /** Whether to wait `seconds` for a rate limit (primary or secondary); `url` is the request's. */
  onRateLimit: (seconds: number, url: string, retryCount: number) => boolean
}

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined }

/**
 * Requests already go through our pool (bounded, deeper nodes of the action graph first), so
 * the throttling plugin's Bottleneck queues are replaced by what the plugin needs of them and
 * no more: `global` runs each request at once (Bottleneck's group would hold all but 10, in
 * arrival order), and `retryLimiter` runs a request and, when it fails, asks the plugin's
 * handler how long to wait before the next try (Bottleneck's `failed` event contract). The
 * plugin still detects primary and secondary rate limits and computes the wait; the decision
 * to wait is ours (`onRateLimit`). Bottleneck's locking cost about 1 ms of CPU per request and
 * serialised concurrent requests.
 */
const immediate = {
  key: () => ({ schedule: (_o: unknown, f: (...a: unknown[]) => unknown, ...a: unknown[]) => Promise.resolve().then(() => f(...a)) }),
}

type Failed = (error: unknown, info: { args: unknown[]; retryCount: number }) => Promise<number | undefined> | number | undefined

class RetryLimiter {
  private failed: Failed | undefined
  on(event: string, f: Failed): void {
    if (event === 'failed') this.failed = f
  }
  async schedule<T>(f: (...a: unknown[]) => Promise<T>, ...args: unknown[]): Promise<T> {
    for (let retryCount = 0; ; retryCount++) {
      try {
        return await f(...args)
      } catch (e) {
        const wait = await this.failed?.(e, { args, retryCount })
        if (typeof wait !== 'number') throw e
        await new Promise((r) => setTimeout(r, wait))
      }
    }
  }
}

/**
 * Ours, applied first so its hook sees each failure before the retry plugin does: a failure
 * the retry plugin would retry (network, timeout, 5xx) is made final when the wait before the
 * next try would pass the run's time budget, so the error says what failed rather than that
 * the budget ran out.
 */
function budget(octokit: { hook: { error(name: 'request', f: (e: unknown, options: object) => unknown): void } }, options: object) {
  const b = (options as { budget?: { deadline: number; backoffMs: number } }).budget
  if (!b) return {}
  const attempts = new WeakMap<object, number>() // per request: its options object is the same on every try
  octokit.hook.error('request', (error, opts) => {
    const e = error as { name?: string; status?: number; response?: unknown }
    if (e?.name === 'AbortError' || (e?.response && (e.status ?? 0) < 500)) throw error
    const n = (attempts.get(opts) ?? 0) + 1
    attempts.set(opts, n)
    if (Date.now() + b.backoffMs * n * n >= b.deadline) throw new Final(error as Error)
    throw error
  })
  return {}
}

/**
 * The retry plugin runs every request through a `new Bottleneck()` (bottleneck/light) of its
 * own, which retries a failed request after the wait the plugin computes. Bottleneck's local
 * datastore yields to the event loop with `setTimeout(0)` at each step (submit, register,
 * free: it imitates its Redis datastore), and starts each job with `setTimeout(run, wait)` even
 * when the wait is 0: four timer turns per request, three before it is sent and one before its
 * answer reaches the caller. Under load those turns batch up: a composite's children were
 * sent only after every answer of its level had been handled. Here a zero wait goes through a
 * microtask instead (still asynchronous, in the same order); waits above zero (the retry
 * plugin's backoff, 1, 4, 9… times its base) keep their timers, so retries behave as before.
 * bottleneck 2.19.5 is that library's last release; if its internals are not as expected the
 * stock behaviour is kept.
 */
interface Job {
  options: { expiration?: number | null }
  doExecute(chained: unknown, clearGlobalState: () => boolean, run: (wait: number) => unknown, free: (...a: unknown[]) => unknown): Promise<unknown>
}
interface Limiter {
  _store: { yieldLoop(t?: number): Promise<void>; Promise: PromiseConstructor }
  _scheduled: Record<string, { timeout?: NodeJS.Timeout } | undefined>
  _limiter: unknown
  _run(index: string, job: Job, wait: number): unknown
  _clearGlobalState(index: string): boolean
  _free(index: string, job: Job, ...a: unknown[]): unknown
}
function noTimerTurns(): void {
  const proto = Bottleneck.prototype as unknown as Limiter
  const store = Object.getPrototypeOf((new Bottleneck() as unknown as Limiter)._store) as Limiter['_store']
  const { yieldLoop } = store
  const run = proto._run
  if (typeof yieldLoop !== 'function' || yieldLoop.length > 1 || typeof run !== 'function' || run.length !== 3 || typeof proto._clearGlobalState !== 'function' || typeof proto._free !== 'function') return
  store.yieldLoop = function (this: Limiter['_store'], t = 0) {
    return t > 0 ? yieldLoop.call(this, t) : this.Promise.resolve()
  }
  proto._run = function (this: Limiter, index, job, wait) {
    const scheduled = run.call(this, index, job, wait)
    const s = this._scheduled[index]
    if (wait > 0 || !s?.timeout) return scheduled
    clearTimeout(s.timeout)
    const clear = this._clearGlobalState.bind(this, index)
    const again = this._run.bind(this, index, job)
    const free = this._free.bind(this, index, job)
    queueMicrotask(() => void job.doExecute(this._limiter, clear, again, free))
    return scheduled
  }
}
noTimerTurns()

const Client = GitHub.plugin(budget as Parameters<typeof GitHub.plugin>[0], retry, throttling)
export type Client = InstanceType<typeof Client>

export function createClient(o: ClientOptions): Client {
  const limit = (seconds: number, options: { url: string; baseUrl?: string }, _octokit: unknown, retryCount: number) =>
    o.onRateLimit(seconds, /^https?:/.test(options.url) ? options.url : `${o.baseUrl}${options.url}`, retryCount)
  return new Client({
    baseUrl: o.baseUrl,
    userAgent: getUserAgentWithOrchestrationId(o.userAgent) ?? o.userAgent,
    log: quiet,
    request: { fetch: o.fetch },
    // the retry plugin waits 1, 4, 9… times the base; 429 is the throttling plugin's alone
    retry: { retries: o.retries, retryAfterBaseValue: o.backoffMs, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] },
    budget: { deadline: o.deadline, backoffMs: o.backoffMs },
    throttle: { global: immediate, retryLimiter: new RetryLimiter(), onRateLimit: limit, onSecondaryRateLimit: limit },
  } as ConstructorParameters<typeof Client>[0])
}
