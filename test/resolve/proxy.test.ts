/**
 * Proxies, as the runner documents them: requests to the API go through `HTTPS_PROXY` /
 * `HTTP_PROXY` (a CONNECT tunnel), and not for hosts in `NO_PROXY`. The proxy is a loopback
 * server that tunnels every CONNECT to the fake API, whatever host was asked for, and notes
 * the request line of each request it carries. Every request goes through Octokit
 * (@actions/github, with its retry and throttling plugins): single GETs, paginated lists,
 * downloads.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { FakeGitHub } from '../helpers/fake-github.js'
import { GitHubApi } from '../../src/resolve/github.js'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'

let gh: FakeGitHub
let proxy: http.Server
let proxyUrl = ''
const connects: string[] = []
/** Request lines seen inside the tunnels. */
const tunneled: string[] = []
const saved: Record<string, string | undefined> = {}
const VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']

beforeAll(async () => {
  gh = new FakeGitHub()
  gh.addRepo('org/a', { branches: { main: ['a'.repeat(40)] }, tags: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`v${i}`, 'a'.repeat(40)])) })
  gh.addFile('org/a', 'a'.repeat(40), 'action.yml', 'name: a\nruns:\n  using: node24\n  main: index.js\n')
  gh.use((_req, res, url) => {
    if (url.pathname !== '/repos/org/a/tarball/' + 'a'.repeat(40)) return false
    res.writeHead(200, { 'content-type': 'application/x-gzip' })
    res.end(Buffer.alloc(300_000, 1))
    return true
  })
  await gh.start()
  const target = new URL(gh.url)
  proxy = http.createServer((_req, res) => res.writeHead(405).end())
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    connects.push(req.url ?? '')
    const upstream = net.connect(Number(target.port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.on('data', (d: Buffer) => {
        for (const m of d.toString('latin1').matchAll(/^(GET|POST|PUT|PATCH|DELETE|HEAD) (\S+) HTTP\/1\.1\r$/gm)) tunneled.push(`${m[1]} ${m[2]}`)
      })
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
  tunneled.length = 0
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

  it('carries every kind of request through the proxy: a file, every page of a list, a download', async () => {
    process.env.HTTP_PROXY = proxyUrl
    const api = new GitHubApi({ baseUrl: 'http://api.github.test', token: gh.token, retries: 0 })
    await expect(api.getFile('org', 'a', 'action.yml', 'a'.repeat(40))).resolves.toMatch(/^name: a/)
    const tags = await api.getPaged<{ name: string }>('/repos/org/a/tags')
    expect(tags).toMatchObject({ complete: true, pages: 2 })
    expect(tags!.items).toHaveLength(150)
    const file = join(mkdtempSync(join(tmpdir(), 'rg-proxy-')), 'tarball')
    await expect(api.download(`/repos/org/a/tarball/${'a'.repeat(40)}`, file, 1024 * 1024)).resolves.toMatchObject({ bytes: 300_000 })
    expect(tunneled).toEqual([
      `GET /repos/org/a/contents/action.yml?ref=${'a'.repeat(40)}`,
      'GET /repos/org/a/tags?per_page=100',
      'GET /repos/org/a/tags?per_page=100&page=2',
      `GET /repos/org/a/tarball/${'a'.repeat(40)}`,
    ])
    expect(api.requests).toBe(4)
    expect(new Set(connects)).toEqual(new Set(['api.github.test:80']))
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

  // The fake API under an address the proxy rules do not treat as loopback (http-client never
  // proxies localhost and 127.*), which still reaches it: 0.0.0.0, "this host" on Linux.
  const mapped = () => `http://0.0.0.0:${new URL(gh.url).port}`

  it('proxies the same API when NO_PROXY does not name it', async () => {
    process.env.HTTP_PROXY = proxyUrl
    process.env.NO_PROXY = 'example.test'
    const api = new GitHubApi({ baseUrl: mapped(), token: gh.token, retries: 0 })
    const tags = await api.getPaged<{ name: string }>('/repos/org/a/tags')
    expect(tags!.items).toHaveLength(150)
    expect(new Set(connects)).toEqual(new Set([`0.0.0.0:${new URL(gh.url).port}`]))
    expect(tunneled).toEqual(['GET /repos/org/a/tags?per_page=100', 'GET /repos/org/a/tags?per_page=100&page=2'])
  })

  it('goes direct to the API NO_PROXY names, and the answers come back', async () => {
    process.env.HTTPS_PROXY = proxyUrl
    process.env.HTTP_PROXY = proxyUrl
    process.env.NO_PROXY = 'example.test, 0.0.0.0'
    const before = gh.requests.length
    const api = new GitHubApi({ baseUrl: mapped(), token: gh.token, retries: 0 })
    const tags = await api.getPaged<{ name: string }>('/repos/org/a/tags')
    expect(tags!.items).toHaveLength(150)
    expect(gh.requests.length - before).toBe(2)
    expect(connects).toEqual([])
    expect(tunneled).toEqual([])
  })
})
