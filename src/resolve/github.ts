/**
 * GitHub's REST API for the gate: Octokit from @actions/github with the retry and throttling
 * plugins (./octokit.ts, loaded on the first request), under a layer of our own that holds
 * what a gate needs: a time budget for the whole run (a rate limit is waited for only when the
 * wait fits in it), timeouts, capped bodies, redirects followed without the token when they
 * leave the API's host, a request count for the report, pages only on the API's own origin,
 * and errors that say what failed without ever carrying the token.
 */

import { createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { decodeUtf8 } from '../workflow/yaml.js'
import type { Client, Fetch } from './octokit.js'
import { ApiError } from './api-error.js'

export { ApiError } from './api-error.js'

export interface ApiOptions {
  /** `GITHUB_API_URL`, e.g. https://api.github.com */
  baseUrl: string
  token?: string
  /** Per-request timeout. */
  timeoutMs?: number
  /** Retries after the first attempt, for transient failures. */
  retries?: number
  /** Backoff base: the retry plugin waits 1, 4, 9… times it before the retries. */
  backoffMs?: number
  /** Total time all requests of this client may spend waiting and retrying. */
  budgetMs?: number
  /** Largest response body accepted. */
  maxBytes?: number
  userAgent?: string
}

export interface ApiResponse<T> {
  status: number
  data: T
  headers: { get(name: string): string | null }
}

/** What Octokit hands back, or throws (a RequestError) for a status of 400 and over. */
interface KitResponse {
  status: number
  url: string
  headers: Record<string, string | number | undefined>
  data: unknown
}
interface KitError {
  status?: number
  message: string
  request?: { url?: string }
  response?: KitResponse
  cause?: unknown
  name?: string
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function headerGetter(h: KitResponse['headers'] | undefined): ApiResponse<unknown>['headers'] {
  return { get: (n: string) => { const v = h?.[n.toLowerCase()]; return v === undefined ? null : String(v) } }
}

/** The body Octokit parsed (JSON) or left as text or bytes (unparsed: the bytes our transport read). */
function bodyText(data: unknown): string | undefined {
  if (typeof data === 'string') return data
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return undefined
}

type Mod = typeof import('./octokit.js')

export class GitHubApi {
  readonly baseUrl: string
  private readonly token?: string
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffMs: number
  private readonly maxBytes: number
  private readonly deadline: number
  private readonly userAgent: string
  /** Requests sent, retries and redirects included. */
  requests = 0
  private kit?: Promise<{ mod: Mod; client: Client }>
  /** URL -> why a rate limit was not waited for, for the error message. */
  private readonly declined = new Map<string, string>()

  constructor(o: ApiOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '')
    if (o.token) this.token = o.token
    this.timeoutMs = o.timeoutMs ?? 15_000
    this.retries = o.retries ?? 3
    this.backoffMs = o.backoffMs ?? 150
    this.maxBytes = o.maxBytes ?? 16 * 1024 * 1024
    this.deadline = Date.now() + (o.budgetMs ?? 120_000)
    this.userAgent = o.userAgent ?? 'release-gate'
    // an online run makes requests: load the client now, while the workflow is read and parsed
    this.client().catch(() => undefined)
  }

  /** Octokit and its plugins, loaded once, on the first request. */
  private async client(): Promise<{ mod: Mod; client: Client }> {
    try {
      return await this.load()
    } catch (e) {
      throw new ApiError(`could not load the GitHub API client: ${e instanceof Error ? e.message : String(e)}`, undefined, this.baseUrl, false)
    }
  }

  private load(): Promise<{ mod: Mod; client: Client }> {
    return (this.kit ??= import('./octokit.js').then((mod) => {
      const client = mod.createClient({
        baseUrl: this.baseUrl,
        deadline: this.deadline,
        userAgent: this.userAgent,
        fetch: this.fetcher(mod, this.maxBytes),
        retries: this.retries,
        backoffMs: this.backoffMs,
        onRateLimit: (seconds, url, retryCount) => {
          if (retryCount >= this.retries) return false
          if (Date.now() + seconds * 1000 >= this.deadline) {
            this.declined.set(url, `waiting ${seconds} s would exceed the time budget`)
            return false
          }
          return true
        },
      })
      return { mod, client }
    }))
  }

  private fetcher(mod: Mod, maxBytes: number, stream = false): Fetch {
    return mod.transport({
      origin: new URL(this.baseUrl).origin,
      ...(this.token ? { token: this.token } : {}),
      timeoutMs: this.timeoutMs,
      deadline: this.deadline,
      maxBytes,
      stream,
      count: () => this.requests++,
      budget: (url) => new ApiError(`time budget for GitHub API requests used up before ${this.show(url)}`, undefined, url, true),
    })
  }

  /** Absolute URL of an API path. */
  private url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`
  }

  /**
   * The route Octokit is given for a URL: relative to the base URL when under it (Octokit adds
   * the base after reading the route, so the host is never read as a template), with `{`, `}`
   * and `:` before a letter escaped (Octokit reads `{x}` and `:x` as URL parameters). Octokit's
   * paginate re-reads each page's absolute URL, so an API at an IPv6 literal address is not
   * one it can page through.
   */
  private route(url: string): string {
    const rel = url.startsWith(`${this.baseUrl}/`) ? url.slice(this.baseUrl.length) : url
    const at = rel.startsWith('/') ? 0 : rel.indexOf('/', rel.indexOf('//') + 2)
    const head = at > 0 ? rel.slice(0, at) : ''
    const tail = (at > 0 ? rel.slice(at) : rel).replace(/\{/g, '%7B').replace(/\}/g, '%7D').replace(/:(?=[a-z])/gi, '%3A')
    return `GET ${head}${tail}`
  }

  /** Display form of a URL: path and query only, never credentials. */
  private show(u: string): string {
    try {
      const x = new URL(u)
      return `${x.pathname}${x.search}`
    } catch {
      return u
    }
  }

  /** Our error for whatever Octokit, a plugin or our transport threw. */
  private toApiError(e: unknown, url: string): ApiError {
    if (e instanceof ApiError) return e
    let k = e as KitError
    if (k?.name === 'AbortError' && k.cause instanceof Error) {
      const c = k.cause as Error & KitError
      if (c instanceof ApiError) return c
      if (c.name === 'BodyTooLarge') return new ApiError(`the response to ${this.show(url)} is ${c.message}`, undefined, url, false)
      // an Octokit error whose retries the time budget stopped
      if (c.request || c.response) k = c
      else return new ApiError(`GET ${this.show(url)}: ${c.message}`, c.status, url, false)
    }
    const at = k?.request?.url ?? url
    if (k?.response && typeof k.status === 'number') {
      return this.httpError(k.status, k.response.data, headerGetter(k.response.headers), at, this.declined.get(at))
    }
    // a network failure: Octokit wraps it (status 500, no response) and keeps it as the cause
    const cause = (k as { cause?: { message?: unknown } } | undefined)?.cause
    const msg = typeof cause?.message === 'string' ? cause.message : (k?.message ?? String(e))
    return new ApiError(`GET ${this.show(at)} failed: ${msg}`, undefined, at, true)
  }

  /** One GET through Octokit; statuses of 400 and over throw ApiError (404 too: callers decide). */
  private async get(path: string, accept: string, raw = false): Promise<KitResponse> {
    const url = this.url(path)
    try {
      const { client } = await this.client()
      return (await client.request(this.route(url), {
        headers: { accept, 'x-github-api-version': '2022-11-28' },
        ...(raw ? { request: { parseSuccessResponseBody: false } } : {}),
      })) as unknown as KitResponse
    } catch (e) {
      throw this.toApiError(e, url)
    }
  }

  /**
   * GET a large body (an artifact, a tarball) straight into `file`, with its own size limit,
   * through the same Octokit client (its body handed over unparsed, as a stream): same
   * retries, redirects and token rules as JSON requests; the time limit bounds the wait for
   * each chunk, not the transfer. Non-2xx answers throw ApiError. A transfer cut midway is
   * tried again (within the retries and the budget).
   */
  async download(path: string, file: string, maxBytes: number, accept = 'application/vnd.github+json'): Promise<{ bytes: number; url: string }> {
    const url = this.url(path)
    const { client, mod } = await this.client()
    const fetch = this.fetcher(mod, maxBytes, true)
    for (let attempt = 0; ; attempt++) {
      let r: KitResponse
      try {
        r = (await client.request(this.route(url), {
          headers: { accept, 'x-github-api-version': '2022-11-28' },
          request: { fetch, parseSuccessResponseBody: false },
        })) as unknown as KitResponse
      } catch (e) {
        throw this.toApiError(e, url)
      }
      try {
        await pipeline((r.data as Readable | null) ?? Readable.from([]), createWriteStream(file))
        return { bytes: (await stat(file)).size, url }
      } catch (e) {
        if (e instanceof mod.BodyTooLarge) throw new ApiError(`the response to ${this.show(url)} is ${e.message}`, undefined, url, false)
        const why = e instanceof Error ? (e.message === 'terminated' ? 'the connection closed before the body was complete' : e.message) : String(e)
        const wait = this.backoffMs * (attempt + 1) ** 2
        if (attempt < this.retries && Date.now() + wait < this.deadline) {
          await sleep(wait)
          continue
        }
        throw new ApiError(`GET ${this.show(url)} failed: ${why}`, undefined, url, true)
      }
    }
  }

  /** GET a JSON document (parsed here, see FetchResponse.body); 404 gives `undefined`, other failures throw ApiError. */
  async getJson<T>(path: string): Promise<ApiResponse<T> | undefined> {
    let r: KitResponse
    try {
      r = await this.get(path, 'application/vnd.github+json', true)
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined
      throw e
    }
    return { status: r.status, data: this.json<T>(r, this.url(path)), headers: headerGetter(r.headers) }
  }

  private json<T>(r: KitResponse, url: string): T {
    const text = bodyText(r.data)
    if (text === undefined) return r.data as T
    try {
      return JSON.parse(text) as T
    } catch {
      throw new ApiError(`GET ${this.show(url)}: the response is not valid JSON`, r.status, url, true)
    }
  }

  /**
   * Every item of a list endpoint, page by page through Octokit's paginate iterator, which
   * follows `Link: <…>; rel="next"` (at most `maxPages` pages of 100, and only to the API's own
   * origin: each next page is checked before it is asked for). `complete` is false when pages
   * were left unread; an endpoint that wraps its list (`{ total_count, branch_policies: [...] }`)
   * names the key. Returns undefined when the first page is 404.
   */
  async getPaged<T>(path: string, o: { maxPages?: number; key?: string } = {}): Promise<{ items: T[]; complete: boolean; pages: number } | undefined> {
    const maxPages = o.maxPages ?? 10
    const items: T[] = []
    let url = this.url(path)
    if (!/[?&]per_page=/.test(url)) url += `${url.includes('?') ? '&' : '?'}per_page=100`
    const origin = new URL(this.baseUrl).origin
    const { client } = await this.client()
    const pages = client.paginate.iterator(this.route(url), { headers: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' } })[Symbol.asyncIterator]()
    for (let n = 1; ; n++) {
      let r: IteratorResult<KitResponse>
      try {
        r = (await pages.next()) as unknown as IteratorResult<KitResponse>
      } catch (e) {
        const err = this.toApiError(e, url)
        if (err.status === 404) {
          if (n === 1) return undefined
          throw new ApiError(`GET ${this.show(err.url)}: page ${n} is gone (HTTP 404)`, 404, err.url, true)
        }
        throw err
      }
      if (r.done) return { items, complete: true, pages: n - 1 }
      const data = this.json<unknown>(r.value, url)
      const list = Array.isArray(data) ? data : o.key ? (data as Record<string, unknown> | null)?.[o.key] : undefined
      if (!Array.isArray(list)) throw new ApiError(`GET ${this.show(url)}: expected a list${o.key ? ` in '${o.key}'` : ''}`, r.value.status, url, false)
      items.push(...(list as T[]))
      const next = nextLink(headerGetter(r.value.headers).get('link'))
      if (!next) return { items, complete: true, pages: n }
      const nextUrl = new URL(next, url)
      if (nextUrl.origin !== origin) throw new ApiError(`GET ${this.show(url)}: the next page is on another host (${nextUrl.host})`, r.value.status, url, false)
      if (n >= maxPages) return { items, complete: false, pages: n }
      url = nextUrl.toString()
    }
  }

  /** `declined`: why a rate limit was not waited for (it replaces GitHub's message). */
  private httpError(status: number, data: unknown, headers: ApiResponse<unknown>['headers'], url: string, declined?: string): ApiError {
    let msg = ''
    if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') msg = (data as { message: string }).message
    else {
      try {
        msg = (JSON.parse(bodyText(data) ?? '') as { message?: string }).message ?? ''
      } catch {
        /* not JSON */
      }
    }
    const limited = headers.get('x-ratelimit-remaining') === '0'
    const hint =
      status === 401
        ? ' (the token was refused)'
        : status === 403 && limited
          ? ' (rate limit reached)'
          : status === 403
            ? ' (the token lacks a permission: give the job `contents: read`)'
            : ''
    return new ApiError(
      `GET ${this.show(url)}: HTTP ${status}${hint}${declined ? `; ${declined}` : msg ? `: ${String(msg).slice(0, 200)}` : ''}`,
      status,
      url,
      status >= 500 || status === 429 || limited || declined !== undefined,
    )
  }

  /**
   * A file's text at a ref through the contents API. Returns `undefined` when the file does
   * not exist at that ref; throws for directories, submodules and other failures.
   */
  async getFile(owner: string, repo: string, path: string, ref: string): Promise<string | undefined> {
    const p = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/${path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(ref)}`
    const r = await this.getJson<unknown>(p)
    if (!r) return undefined
    const d = r.data
    if (Array.isArray(d)) throw new ApiError(`${owner}/${repo}/${path} at ${ref} is a directory, not a file`, r.status, p, false)
    const o = d as { type?: string; encoding?: string; content?: string; size?: number }
    if (o.type && o.type !== 'file') throw new ApiError(`${owner}/${repo}/${path} at ${ref} is a ${o.type}, not a file`, r.status, p, false)
    if (o.encoding === 'base64' && typeof o.content === 'string') return decodeUtf8(Buffer.from(o.content, 'base64'), `${owner}/${repo}/${path}`)
    // Files of 1-100 MB come back with encoding "none": ask for the raw bytes (unparsed by Octokit).
    let raw: KitResponse
    try {
      raw = await this.get(p, 'application/vnd.github.raw+json', true)
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined
      throw e
    }
    const chunks: Buffer[] = []
    if (Buffer.isBuffer(raw.data)) chunks.push(raw.data)
    else if (raw.data) for await (const c of raw.data as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c))
    return decodeUtf8(Buffer.concat(chunks), `${owner}/${repo}/${path}`)
  }
}

/** The `rel="next"` URL of a `Link` header (RFC 8288, as GitHub sends it). */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined
  for (const part of link.split(',')) {
    const m = /^\s*<([^>]*)>\s*;(.*)$/.exec(part)
    if (m && /(^|;)\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(m[2])) return m[1]
  }
  return undefined
}
