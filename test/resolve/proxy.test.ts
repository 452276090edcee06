/**
 * Proxies, as the runner documents them: requests to the API go through `HTTPS_PROXY` /
 * `HTTP_PROXY` (a CONNECT tunnel), and not for hosts in `NO_PROXY`. The proxy is a loopback
 * server that tunnels every CONNECT to the fake API, whatever host was asked for.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { FakeGitHub } from '../helpers/fake-github.js'
import { GitHubApi } from '../../src/resolve/github.js'

let gh: FakeGitHub
let proxy: http.Server
let proxyUrl = ''
const connects: string[] = []
const saved: Record<string, string | undefined> = {}
const VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']

beforeAll(async () => {
  gh = new FakeGitHub()
  gh.addRepo('org/a', { branches: { main: ['a'.repeat(40)] }, tags: {} })
  await gh.start()
  const target = new URL(gh.url)
  proxy = http.createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '')
    const upstream = net.connect(Number(target.port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  for (const v of VARS) saved[v] = process.env[v]
})
afterAll(async () => {
  for (const v of VARS) if (saved[v] === undefined) delete process.env[v]
  else process.env[v] = saved[v]
  await gh.stop()
  proxy.closeAllConnections()
  await new Promise<void>((r) => proxy.close(() => r()))
})
beforeEach(() => {
  connects.length = 0
  for (const v of VARS) delete process.env[v]
})

describe('proxies', () => {
  it('sends API requests through HTTP_PROXY, token and all, and gets the answer', async () => {
    process.env.HTTP_PROXY = proxyUrl
    const api = new GitHubApi({ baseUrl: 'http://api.github.test', token: gh.token, retries: 0 })
    const r = await api.getJson<{ full_name: string }>('/repos/org/a')
    expect(r?.data.full_name).toBe('org/a')
    expect(connects).toEqual(['api.github.test:80'])
    expect(gh.requests.at(-1)?.headers.authorization).toBe(`Bearer ${gh.token}`)
  })

  it('opens the tunnel to an https API through HTTPS_PROXY', async () => {
    process.env.HTTPS_PROXY = proxyUrl
    const api = new GitHubApi({ baseUrl: 'https://api.github.test', token: gh.token, retries: 0, timeoutMs: 2000 })
    // the loopback "API" behind the tunnel speaks no TLS, so the request fails after the CONNECT
    await expect(api.getJson('/repos/org/a')).rejects.toThrow(/GET \/repos\/org\/a failed/)
    expect(connects).toEqual(['api.github.test:443'])
  })

  it('goes direct for a host in NO_PROXY', async () => {
    process.env.HTTPS_PROXY = proxyUrl
    process.env.HTTP_PROXY = proxyUrl
    process.env.NO_PROXY = 'example.test,.github.test'
    const api = new GitHubApi({ baseUrl: 'http://api.github.test', token: gh.token, retries: 0, timeoutMs: 2000 })
    // direct, api.github.test cannot be reached from the tests (no DNS, no network): it fails without the proxy
    await expect(api.getJson('/repos/org/a')).rejects.toThrow(/failed/)
    expect(connects).toEqual([])
  })
})
