/**
 * A small GitHub REST client: timeouts on every request, bounded retries with backoff on
 * 5xx/429 and rate limits (within a total time budget), redirects followed without the token
 * when they leave the API's host, capped response sizes, and a request count for the report.
 * The token never appears in an error message.
 */

import { decodeUtf8 } from '../workflow/yaml.js'
import { BodyTooLarge, Timeout, get, getToFile } from './http.js'
import type { FileResponse, HttpResponse } from './http.js'

export interface ApiOptions {
  /** `GITHUB_API_URL`, e.g. https://api.github.com */
  baseUrl: string
  token?: string
  /** Per-request timeout. */
  timeoutMs?: number
  /** Retries after the first attempt, for transient failures. */
  retries?: number
  /** First backoff delay; doubles on each retry. */
  backoffMs?: number
  /** Total time all requests of this client may spend waiting and retrying. */
  budgetMs?: number
  /** Largest response body accepted. */
  maxBytes?: number
  userAgent?: string
}

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly url: string,
    /** True when trying again later may succeed (5xx, rate limit, network). */
    readonly transient: boolean,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface ApiResponse<T> {
  status: number
  data: T
  headers: HttpResponse['headers']
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

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

  constructor(o: ApiOptions) {
    this.baseUrl = o.baseUrl.replace(/\/+$/, '')
    if (o.token) this.token = o.token
    this.timeoutMs = o.timeoutMs ?? 15_000
    this.retries = o.retries ?? 3
    this.backoffMs = o.backoffMs ?? 300
    this.maxBytes = o.maxBytes ?? 16 * 1024 * 1024
    this.deadline = Date.now() + (o.budgetMs ?? 120_000)
    this.userAgent = o.userAgent ?? 'release-gate'
  }

  private url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.baseUrl}${path.startsWith('/') ? '' : '/'}${path}`
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

  /** How long to wait before retrying a response, or undefined when it should not be retried. */
  private retryDelay(res: HttpResponse, attempt: number): number | undefined {
    const retryAfter = res.headers.get('retry-after')
    const remaining = res.headers.get('x-ratelimit-remaining')
    const reset = res.headers.get('x-ratelimit-reset')
    if (res.status === 429 || res.status === 403) {
      if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000
      if (remaining === '0' && reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - Date.now()) + 1000
      if (res.status === 429) return this.backoffMs * 2 ** attempt
      return undefined // a plain 403 is a permission problem, not a transient one
    }
    if (res.status >= 500) return this.backoffMs * 2 ** attempt
    return undefined
  }

  /** One GET with retries and redirects; returns the final response and its body. */
  request(path: string, accept = 'application/vnd.github+json'): Promise<{ status: number; body: Buffer; headers: HttpResponse['headers']; url: string }> {
    return this.send(path, accept, (url, headers, timeoutMs) => get(url, headers, timeoutMs, this.maxBytes))
  }

  /**
   * GET a large body (an artifact, a tarball) straight into `file`, with its own size limit;
   * same retries, redirects and token rules as `request`. Non-2xx answers throw ApiError.
   */
  async download(path: string, file: string, maxBytes: number, accept = 'application/vnd.github+json'): Promise<{ bytes: number; url: string }> {
    const r = await this.send(path, accept, (url, headers, timeoutMs) => getToFile(url, headers, timeoutMs, maxBytes, file))
    if (r.status < 200 || r.status >= 300) throw this.httpError(r)
    return { bytes: (r as FileResponse).bytes, url: r.url }
  }

  private async send<R extends HttpResponse>(path: string, accept: string, one: (url: string, headers: Record<string, string>, timeoutMs: number) => Promise<R>): Promise<R & { url: string }> {
    let url = this.url(path)
    const origin = new URL(this.baseUrl).origin
    let attempt = 0
    let redirects = 0
    for (;;) {
      const sameHost = new URL(url).origin === origin
      const headers: Record<string, string> = {
        accept,
        'user-agent': this.userAgent,
        'x-github-api-version': '2022-11-28',
      }
      if (this.token && sameHost) headers.authorization = `Bearer ${this.token}`
      const remainingBudget = this.deadline - Date.now()
      if (remainingBudget <= 0) {
        throw new ApiError(`time budget for GitHub API requests used up before ${this.show(url)}`, undefined, url, true)
      }
      this.requests++
      let res: R
      try {
        res = await one(url, headers, Math.min(this.timeoutMs, remainingBudget))
      } catch (e) {
        if (e instanceof BodyTooLarge) throw new ApiError(`the response to ${this.show(url)} is ${e.message}`, undefined, url, false)
        const why = e instanceof Timeout ? e.message : e instanceof Error ? e.message : String(e)
        if (attempt < this.retries && Date.now() + this.backoffMs * 2 ** attempt < this.deadline) {
          await sleep(this.backoffMs * 2 ** attempt)
          attempt++
          continue
        }
        throw new ApiError(`GET ${this.show(url)} failed: ${why}`, undefined, url, true)
      }
      if ([301, 302, 303, 307, 308].includes(res.status)) {
        const loc = res.headers.get('location')
        if (!loc || ++redirects > 5) throw new ApiError(`GET ${this.show(url)}: too many redirects or no Location`, res.status, url, false)
        url = new URL(loc, url).toString()
        continue
      }
      const delay = this.retryDelay(res, attempt)
      if (delay !== undefined && attempt < this.retries) {
        if (Date.now() + delay >= this.deadline) {
          throw new ApiError(
            `GET ${this.show(url)}: HTTP ${res.status}${res.headers.get('x-ratelimit-remaining') === '0' ? ' (rate limit reached)' : ''}; waiting ${Math.ceil(delay / 1000)} s would exceed the time budget`,
            res.status,
            url,
            true,
          )
        }
        await sleep(delay)
        attempt++
        continue
      }
      return Object.assign(res, { url })
    }
  }

  /** GET a JSON document; 404 gives `undefined`, other failures throw ApiError. */
  async getJson<T>(path: string): Promise<ApiResponse<T> | undefined> {
    const r = await this.request(path)
    if (r.status === 404) return undefined
    if (r.status < 200 || r.status >= 300) throw this.httpError(r)
    try {
      return { status: r.status, data: JSON.parse(r.body.toString('utf8')) as T, headers: r.headers }
    } catch {
      throw new ApiError(`GET ${this.show(r.url)}: the response is not valid JSON`, r.status, r.url, true)
    }
  }

  /**
   * Every item of a list endpoint, following `Link: <…>; rel="next"` (at most `maxPages` pages of
   * 100, and only to the API's own origin). `complete` is false when pages were left unread; an
   * endpoint that wraps its list (`{ total_count, branch_policies: [...] }`) names the key.
   * Returns undefined when the first page is 404.
   */
  async getPaged<T>(path: string, o: { maxPages?: number; key?: string } = {}): Promise<{ items: T[]; complete: boolean; pages: number } | undefined> {
    const maxPages = o.maxPages ?? 10
    const items: T[] = []
    let url = this.url(path)
    if (!/[?&]per_page=/.test(url)) url += `${url.includes('?') ? '&' : '?'}per_page=100`
    const origin = new URL(this.baseUrl).origin
    for (let pages = 1; ; pages++) {
      const r = await this.getJson<unknown>(url)
      if (!r) {
        if (pages === 1) return undefined
        throw new ApiError(`GET ${this.show(url)}: page ${pages} is gone (HTTP 404)`, 404, url, true)
      }
      const list = o.key ? (r.data as Record<string, unknown> | null)?.[o.key] : r.data
      if (!Array.isArray(list)) throw new ApiError(`GET ${this.show(url)}: expected a list${o.key ? ` in '${o.key}'` : ''}`, r.status, url, false)
      items.push(...(list as T[]))
      const next = nextLink(r.headers.get('link'))
      if (!next) return { items, complete: true, pages }
      const nextUrl = new URL(next, url)
      if (nextUrl.origin !== origin) throw new ApiError(`GET ${this.show(url)}: the next page is on another host (${nextUrl.host})`, r.status, url, false)
      if (pages >= maxPages) return { items, complete: false, pages }
      url = nextUrl.toString()
    }
  }

  private httpError(r: { status: number; body: Buffer; headers: HttpResponse['headers']; url: string }): ApiError {
    let msg = ''
    try {
      msg = (JSON.parse(r.body.toString('utf8')) as { message?: string }).message ?? ''
    } catch {
      /* not JSON */
    }
    const limited = r.headers.get('x-ratelimit-remaining') === '0'
    const hint =
      r.status === 401
        ? ' (the token was refused)'
        : r.status === 403 && limited
          ? ' (rate limit reached)'
          : r.status === 403
            ? ' (the token lacks a permission: give the job `contents: read`)'
            : ''
    return new ApiError(
      `GET ${this.show(r.url)}: HTTP ${r.status}${hint}${msg ? `: ${msg.slice(0, 200)}` : ''}`,
      r.status,
      r.url,
      r.status >= 500 || r.status === 429 || limited,
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
    // Files of 1-100 MB come back with encoding "none": ask for the raw bytes.
    const raw = await this.request(p, 'application/vnd.github.raw+json')
    if (raw.status === 404) return undefined
    if (raw.status !== 200) throw this.httpError(raw)
    return decodeUtf8(raw.body, `${owner}/${repo}/${path}`)
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
