/**
 * A loopback fake of GitHub's REST API, answering with the response shapes GitHub documents
 * (docs.github.com/rest: "Get repository content", error bodies with message and
 * documentation_url, rate-limit headers). Tests register files per repository and ref, and
 * can override any route to fail in a chosen way.
 */
import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Recorded {
  method: string
  path: string
  headers: http.IncomingHttpHeaders
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean | Promise<boolean>

function blobSha(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex')
}

/** Base64 as GitHub sends it: wrapped at 60 characters with `\n`. */
function wrappedBase64(buf: Buffer): string {
  return (buf.toString('base64').match(/.{1,60}/g) ?? []).join('\n') + '\n'
}

export class FakeGitHub {
  private server?: http.Server
  /** `owner/repo@ref:path` -> content */
  private files = new Map<string, Buffer>()
  private handlers: Handler[] = []
  readonly requests: Recorded[] = []
  url = ''
  /** Token the fake accepts; other tokens get 401 like GitHub's "Bad credentials". */
  token = 'ghs_fake_token_0123456789'

  addFile(repo: string, ref: string, path: string, content: string | Buffer): this {
    this.files.set(`${repo.toLowerCase()}@${ref}:${path}`, Buffer.isBuffer(content) ? content : Buffer.from(content))
    return this
  }

  /** Handlers run first, in order; return true when they answered. */
  use(h: Handler): this {
    this.handlers.push(h)
    return this
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res))
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    return this.url
  }

  async stop(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((r) => this.server!.close(() => r()))
  }

  json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = JSON.stringify(body)
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '1000',
      'x-ratelimit-remaining': '999',
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...headers,
    })
    res.end(text)
  }

  notFound(res: http.ServerResponse, doc = 'https://docs.github.com/rest/repos/contents#get-repository-content'): void {
    this.json(res, 404, { message: 'Not Found', documentation_url: doc, status: '404' })
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url)
    this.requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: req.headers })
    for (const h of this.handlers) if (await h(req, res, url)) return
    const auth = req.headers.authorization
    if (auth !== undefined && auth !== `Bearer ${this.token}`) {
      this.json(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' })
      return
    }
    const m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname)
    if (req.method === 'GET' && m) {
      const repo = `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`
      const path = m[3].split('/').map(decodeURIComponent).join('/')
      const ref = url.searchParams.get('ref') ?? 'main'
      const content = this.files.get(`${repo.toLowerCase()}@${ref}:${path}`)
      if (!content) return this.notFound(res)
      if ((req.headers.accept ?? '').includes('application/vnd.github.raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw+json; charset=utf-8', 'content-length': String(content.length) })
        res.end(content)
        return
      }
      const sha = blobSha(content)
      const name = path.split('/').pop()!
      const api = `${this.url}/repos/${repo}/contents/${path}?ref=${ref}`
      this.json(res, 200, {
        name,
        path,
        sha,
        size: content.length,
        url: api,
        html_url: `https://github.com/${repo}/blob/${ref}/${path}`,
        git_url: `${this.url}/repos/${repo}/git/blobs/${sha}`,
        download_url: `https://raw.githubusercontent.com/${repo}/${ref}/${path}`,
        type: 'file',
        content: wrappedBase64(content),
        encoding: 'base64',
        _links: { self: api, git: `${this.url}/repos/${repo}/git/blobs/${sha}`, html: `https://github.com/${repo}/blob/${ref}/${path}` },
      })
      return
    }
    this.notFound(res, 'https://docs.github.com/rest')
  }
}
