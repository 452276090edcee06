/**
 * One HTTP(S) GET over node:http/https with keep-alive: no lazy-loaded fetch stack on the
 * first request, connections reused across the run. Redirects are returned, not followed (the
 * caller decides where the token may go); bodies are capped while they stream in.
 */
import http from 'node:http'
import https from 'node:https'

export interface HttpResponse {
  status: number
  headers: { get(name: string): string | null }
  body: Buffer
}

export class BodyTooLarge extends Error {}
export class Timeout extends Error {}

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
}

export function get(url: string, headers: Record<string, string>, timeoutMs: number, maxBytes: number): Promise<HttpResponse> {
  const u = new URL(url)
  const mod = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : undefined
  if (!mod) return Promise.reject(new Error(`unsupported protocol ${u.protocol}`))
  return new Promise((resolve, reject) => {
    let done = false
    const finish = (f: () => void) => {
      if (done) return
      done = true
      clearTimeout(timer)
      f()
    }
    const req = mod.get(u, { headers, agent: agents[u.protocol as 'http:' | 'https:'] }, (res) => {
      const status = res.statusCode ?? 0
      const h = { get: (n: string) => { const v = res.headers[n.toLowerCase()]; return v === undefined ? null : Array.isArray(v) ? v.join(', ') : String(v) } }
      if (status >= 300 && status < 400) {
        res.resume()
        finish(() => resolve({ status, headers: h, body: Buffer.alloc(0) }))
        return
      }
      const len = Number(res.headers['content-length'] ?? '0')
      if (len > maxBytes) {
        res.destroy()
        finish(() => reject(new BodyTooLarge(`${len} bytes`)))
        return
      }
      const chunks: Buffer[] = []
      let total = 0
      res.on('data', (c: Buffer) => {
        total += c.length
        if (total > maxBytes) {
          res.destroy()
          finish(() => reject(new BodyTooLarge(`over ${maxBytes} bytes`)))
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
