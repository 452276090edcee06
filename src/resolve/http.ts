/**
 * One HTTP(S) GET over node:http/https with keep-alive: no lazy-loaded fetch stack on the
 * first request, connections reused across the run. Redirects are returned, not followed (the
 * caller decides where the token may go); bodies are capped while they stream in. Large
 * bodies (artifacts, tarballs) are handed over as a stream instead, with their own limit and
 * an idle timeout rather than a total one. This is the transport under Octokit (./octokit.ts)
 * and of the OIDC key fetch.
 */
import { Transform } from 'node:stream'
import type { Readable } from 'node:stream'
import type http from 'node:http'
import type { HttpClient } from '@actions/http-client'

export interface HttpResponse {
  status: number
  headers: { get(name: string): string | null; names?(): string[] }
  body: Buffer
}

export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge'
}
export class Timeout extends Error {
  override name = 'Timeout'
}

function headersOf(res: http.IncomingMessage): HttpResponse['headers'] {
  return {
    get: (n: string) => {
      const v = res.headers[n.toLowerCase()]
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v)
    },
    names: () => Object.keys(res.headers),
  }
}

/**
 * Connections come from @actions/http-client's agents, which honour `HTTPS_PROXY`/`HTTP_PROXY`
 * and `NO_PROXY` as the runner documents them (a CONNECT tunnel through the proxy; loopback is
 * never proxied), with keep-alive. The proxy variables are read for each request.
 */
const clients = new Map<string, HttpClient>()
function agentFor(n: Net, u: URL): http.Agent {
  // one client per scheme: a client keeps one proxy agent, made for the scheme it first saw
  let c = clients.get(u.protocol)
  if (!c) clients.set(u.protocol, (c = new n.HttpClient('release-gate', [], { keepAlive: true, maxSockets: 64 })))
  return c.getAgent(u.toString())
}

/**
 * The network stack is loaded on the first request, not at start: an offline audit never
 * pays for it. It is a chunk of its own in dist/, so a run that stays offline does not even
 * parse it (undici, which @actions/http-client imports, is left out of the bundles:
 * ./no-undici.ts).
 */
interface Net {
  http: typeof import('node:http')
  https: typeof import('node:https')
  HttpClient: typeof HttpClient
}
let net: Promise<Net> | undefined
function loadNet(): Promise<Net> {
  return (net ??= Promise.all([import('node:http'), import('node:https'), import('@actions/http-client')]).then(([h, s, c]) => ({ http: h.default, https: s.default, HttpClient: c.HttpClient })))
}

export async function get(url: string, headers: Record<string, string>, timeoutMs: number, maxBytes: number): Promise<HttpResponse> {
  const u = new URL(url)
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`unsupported protocol ${u.protocol}`)
  const n = await loadNet()
  const mod = u.protocol === 'https:' ? n.https : n.http
  return new Promise((resolve, reject) => {
    let done = false
    const finish = (f: () => void) => {
      if (done) return
      done = true
      clearTimeout(timer)
      f()
    }
    const req = mod.get(u, { headers, agent: agentFor(n, u) }, (res) => {
      const status = res.statusCode ?? 0
      const h = headersOf(res)
      if (status >= 300 && status < 400) {
        res.resume()
        finish(() => resolve({ status, headers: h, body: Buffer.alloc(0) }))
        return
      }
      const len = Number(res.headers['content-length'] ?? '0')
      if (len > maxBytes) {
        finish(() => reject(new BodyTooLarge(`${len} bytes, over the ${maxBytes}-byte limit`)))
        res.destroy()
        return
      }
      const chunks: Buffer[] = []
      let total = 0
      res.on('data', (c: Buffer) => {
        total += c.length
        if (total > maxBytes) {
          finish(() => reject(new BodyTooLarge(`over the ${maxBytes}-byte limit`)))
          res.destroy()
          return
        }
        chunks.push(c)
      })
      res.on('end', () => finish(() => resolve({ status, headers: h, body: Buffer.concat(chunks) })))
      res.on('aborted', () => finish(() => reject(new Error('the connection closed before the body was complete'))))
      res.on('error', (e) => finish(() => reject(e)))
      res.on('close', () => {
        if (!res.complete) finish(() => reject(new Error('the connection closed before the body was complete')))
      })
    })
    const timer = setTimeout(() => {
      req.destroy()
      finish(() => reject(new Timeout(`no answer within ${timeoutMs} ms`)))
    }, timeoutMs)
    req.on('error', (e) => finish(() => reject(e)))
  })
}

export interface StreamResponse extends HttpResponse {
  /** A 2xx body, unread: capped at `maxBytes` and bounded in the time between chunks. */
  stream?: Readable
}

/**
 * GET whose 2xx body is handed over as a stream (never held in memory), capped at `maxBytes`
 * (the stream fails with BodyTooLarge) and failing with Timeout after `idleMs` without data;
 * redirects are returned; other statuses keep up to 64 KiB of body for the error message.
 */
export async function open(url: string, headers: Record<string, string>, idleMs: number, maxBytes: number): Promise<StreamResponse> {
  const u = new URL(url)
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`unsupported protocol ${u.protocol}`)
  const n = await loadNet()
  const mod = u.protocol === 'https:' ? n.https : n.http
  return new Promise((resolve, reject) => {
    let done = false
    let timer: NodeJS.Timeout | undefined
    const finish = (f: () => void) => {
      if (done) return
      done = true
      f()
    }
    const req = mod.get(u, { headers, agent: agentFor(n, u) }, (res) => {
      clearTimeout(timer)
      const status = res.statusCode ?? 0
      const h = headersOf(res)
      if (status < 200 || status >= 300) {
        const chunks: Buffer[] = []
        let total = 0
        const idle = () => {
          clearTimeout(timer)
          timer = setTimeout(() => {
            res.destroy()
            finish(() => reject(new Timeout(`no data for ${idleMs} ms`)))
          }, idleMs)
        }
        idle()
        res.on('data', (c: Buffer) => {
          idle()
          if (total < 65_536) chunks.push(c)
          total += c.length
        })
        res.on('end', () => {
          clearTimeout(timer)
          finish(() => resolve({ status, headers: h, body: Buffer.concat(chunks).subarray(0, 65_536) }))
        })
        res.on('error', (e) => {
          clearTimeout(timer)
          finish(() => reject(e))
        })
        return
      }
      const len = Number(res.headers['content-length'] ?? '0')
      if (len > maxBytes) {
        res.destroy()
        finish(() => reject(new BodyTooLarge(`${len} bytes, over the ${maxBytes}-byte limit`)))
        return
      }
      let total = 0
      let idleTimer: NodeJS.Timeout | undefined
      const idle = () => {
        clearTimeout(idleTimer)
        idleTimer = setTimeout(() => out.destroy(new Timeout(`no data for ${idleMs} ms`)), idleMs)
      }
      const out = new Transform({
        transform(c: Buffer, _e, cb) {
          idle()
          total += c.length
          if (total > maxBytes) return cb(new BodyTooLarge(`over the ${maxBytes}-byte limit`))
          cb(null, c)
        },
        flush(cb) {
          clearTimeout(idleTimer)
          if (!res.complete) return cb(new Error('the connection closed before the body was complete'))
          cb()
        },
        destroy(e, cb) {
          clearTimeout(idleTimer)
          res.destroy()
          cb(e)
        },
      })
      idle()
      res.on('aborted', () => out.destroy(new Error('the connection closed before the body was complete')))
      res.on('error', (e) => out.destroy(e))
      res.on('close', () => {
        if (!res.complete) out.destroy(new Error('the connection closed before the body was complete'))
      })
      res.pipe(out)
      finish(() => resolve({ status, headers: h, body: Buffer.alloc(0), stream: out }))
    })
    timer = setTimeout(() => {
      req.destroy()
      finish(() => reject(new Timeout(`no answer within ${idleMs} ms`)))
    }, idleMs)
    req.on('error', (e) => {
      clearTimeout(timer)
      finish(() => reject(e))
    })
  })
}
