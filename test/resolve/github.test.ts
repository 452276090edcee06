import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeGitHub } from '../helpers/fake-github.js'
import { ApiError, GitHubApi } from '../../src/resolve/github.js'

let gh: FakeGitHub
beforeEach(async () => {
  gh = new FakeGitHub()
  await gh.start()
})
afterEach(async () => gh.stop())

const api = (o: Partial<ConstructorParameters<typeof GitHubApi>[0]> = {}) =>
  new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 5, timeoutMs: 2000, ...o })

describe('GitHubApi.getFile', () => {
  it('decodes base64 contents and sends the documented headers', async () => {
    gh.addFile('octo/demo', 'abc123', '.github/workflows/release.yml', 'on: push\n')
    await expect(api().getFile('octo', 'demo', '.github/workflows/release.yml', 'abc123')).resolves.toBe('on: push\n')
    const h = gh.requests[0].headers
    expect(gh.requests[0].path).toBe('/repos/octo/demo/contents/.github/workflows/release.yml?ref=abc123')
    expect(h.authorization).toBe(`Bearer ${gh.token}`)
    expect(h['x-github-api-version']).toBe('2022-11-28')
    expect(h.accept).toBe('application/vnd.github+json')
  })

  it('returns undefined for 404', async () => {
    await expect(api().getFile('octo', 'demo', 'nope.yml', 'abc')).resolves.toBeUndefined()
  })

  it('asks for the raw bytes when GitHub answers encoding "none" (files over 1 MB)', async () => {
    gh.use((req, res, url) => {
      if (!url.pathname.endsWith('/big.yml')) return false
      if ((req.headers.accept ?? '').includes('raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw+json' })
        res.end('on: release\n')
      } else gh.json(res, 200, { type: 'file', encoding: 'none', content: '', size: 2_000_000, name: 'big.yml', path: 'big.yml' })
      return true
    })
    await expect(api().getFile('octo', 'demo', 'big.yml', 'abc')).resolves.toBe('on: release\n')
  })

  it('refuses a directory', async () => {
    gh.use((_req, res, url) => (url.pathname.endsWith('/dir') ? (gh.json(res, 200, [{ type: 'file', name: 'a' }]), true) : false))
    await expect(api().getFile('octo', 'demo', 'dir', 'abc')).rejects.toThrow(/is a directory/)
  })
})

describe('GitHubApi retries and faults', () => {
  it('retries a 502 and then succeeds, counting both requests', async () => {
    let n = 0
    gh.use((_req, res) => (n++ === 0 ? (gh.json(res, 502, { message: 'Server Error' }), true) : false))
    gh.addFile('octo/demo', 'abc', 'a.yml', 'x: 1\n')
    const a = api()
    await expect(a.getFile('octo', 'demo', 'a.yml', 'abc')).resolves.toBe('x: 1\n')
    expect(a.requests).toBe(2)
  })

  it('retries without a backoff too (a zero wait runs the retry plugin\'s next try at once), and in parallel', async () => {
    const failed = new Map<string, number>()
    gh.use((_req, res, url) => {
      const n = failed.get(url.pathname) ?? 0
      if (n >= 2) return false
      failed.set(url.pathname, n + 1)
      if (n === 0) gh.json(res, 500, { message: 'Server Error' })
      else res.socket?.destroy()
      return true
    })
    for (let i = 0; i < 5; i++) gh.addFile('octo/demo', 'abc', `f${i}.yml`, `x: ${i}\n`)
    const a = api({ backoffMs: 0 })
    await expect(Promise.all([0, 1, 2, 3, 4].map((i) => a.getFile('octo', 'demo', `f${i}.yml`, 'abc')))).resolves.toEqual([0, 1, 2, 3, 4].map((i) => `x: ${i}\n`))
    expect(a.requests).toBe(15)
  })

  it('gives up after the retries with a transient ApiError', async () => {
    gh.use((_req, res) => (gh.json(res, 503, { message: 'Service Unavailable' }), true))
    const a = api({ retries: 2 })
    const e = await a.getFile('octo', 'demo', 'a.yml', 'abc').catch((x) => x)
    expect(e).toBeInstanceOf(ApiError)
    expect((e as ApiError).transient).toBe(true)
    expect((e as ApiError).message).toMatch(/HTTP 503/)
    expect(a.requests).toBe(3)
  })

  it('waits as retry-after says on a secondary rate limit', async () => {
    let n = 0
    gh.use((_req, res) =>
      n++ === 0 ? (gh.json(res, 403, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '1' }), true) : false,
    )
    gh.addFile('octo/demo', 'abc', 'a.yml', 'x: 1\n')
    const t = Date.now()
    await expect(api().getFile('octo', 'demo', 'a.yml', 'abc')).resolves.toBe('x: 1\n')
    expect(Date.now() - t).toBeGreaterThanOrEqual(900)
  })

  it('does not wait past its budget for a rate-limit reset', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    gh.use((_req, res) => (gh.json(res, 403, { message: 'API rate limit exceeded' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), true))
    await expect(api({ budgetMs: 5000 }).getFile('octo', 'demo', 'a.yml', 'abc')).rejects.toThrow(/rate limit reached.*exceed the time budget/)
  })

  it('stops retrying when the next wait would pass the budget, and says what failed', async () => {
    gh.use(() => true) // accept the request, never respond
    const a = api({ timeoutMs: 150, backoffMs: 200, budgetMs: 1200, retries: 3 })
    const e = await a.getFile('octo', 'demo', 'a.yml', 'abc').catch((x) => x)
    // tries at 0 and ~350 ms; the third would start after a wait of 800 ms, past the budget
    expect((e as Error).message).toBe('GET /repos/octo/demo/contents/a.yml?ref=abc failed: no answer within 150 ms')
    expect(a.requests).toBe(2)
  })

  it('leaves a secondary rate limit (429) to the throttling plugin: no quick retries, and a wait past the budget is refused', async () => {
    gh.use((_req, res) => (gh.json(res, 429, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }), true))
    const a = api({ budgetMs: 10_000 })
    // no retry-after: GitHub asks for a minute, which the budget does not have
    await expect(a.getFile('octo', 'demo', 'a.yml', 'abc')).rejects.toThrow('GET /repos/octo/demo/contents/a.yml?ref=abc: HTTP 429; waiting 60 s would exceed the time budget')
    expect(a.requests).toBe(1)
  })

  it('treats a plain 403 as a permission problem, not a retry', async () => {
    gh.use((_req, res) => (gh.json(res, 403, { message: 'Resource not accessible by integration' }), true))
    const a = api()
    await expect(a.getFile('octo', 'demo', 'a.yml', 'abc')).rejects.toThrow(/HTTP 403 \(the token lacks a permission.*Resource not accessible/)
    expect(a.requests).toBe(1)
  })

  it('reports invalid JSON', async () => {
    gh.use((_req, res) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end('{"type": "file", '), true))
    await expect(api({ retries: 0 }).getFile('octo', 'demo', 'a.yml', 'abc')).rejects.toThrow(/not valid JSON/)
  })

  it('times out a server that never answers', async () => {
    gh.use(() => true) // accept the request, never respond
    const e = await api({ timeoutMs: 200, retries: 1 }).getFile('octo', 'demo', 'a.yml', 'abc').catch((x) => x)
    expect((e as Error).message).toMatch(/no answer within 200 ms/)
  })

  it('reports a connection closed mid-body', async () => {
    gh.use((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' })
      res.write('{"type":"file","content":"')
      setTimeout(() => res.socket?.destroy(), 10)
      return true
    })
    await expect(api({ retries: 1 }).getFile('octo', 'demo', 'a.yml', 'abc')).rejects.toThrow(ApiError)
  })

  it('follows a redirect to another host without sending the token', async () => {
    const other = http.createServer((req, res) => {
      seen.push(req.headers.authorization)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ type: 'file', encoding: 'base64', content: Buffer.from('moved: true\n').toString('base64') }))
    })
    const seen: Array<string | undefined> = []
    await new Promise<void>((r) => other.listen(0, '127.0.0.2', r))
    const port = (other.address() as AddressInfo).port
    gh.use((_req, res) => (res.writeHead(302, { location: `http://127.0.0.2:${port}/elsewhere` }), res.end(), true))
    try {
      await expect(api().getFile('octo', 'demo', 'a.yml', 'abc')).resolves.toBe('moved: true\n')
      expect(seen).toEqual([undefined])
      expect(gh.requests[0].headers.authorization).toBe(`Bearer ${gh.token}`)
    } finally {
      other.closeAllConnections()
      await new Promise<void>((r) => other.close(() => r()))
    }
  })

  it('never puts the token in an error message', async () => {
    gh.use((_req, res) => (gh.json(res, 401, { message: 'Bad credentials' }), true))
    const e = (await api().getFile('octo', 'demo', 'a.yml', 'abc').catch((x) => x)) as Error
    expect(e.message).toMatch(/HTTP 401 \(the token was refused\)/)
    expect(e.message).not.toContain(gh.token)
  })
})

describe('pages and large bodies', () => {
  it('follows Link rel="next" to the last page, and says when it stopped early', async () => {
    gh.addRepo('org/many', { branches: { main: ['a'.repeat(40)] }, tags: Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`v${i}`, 'a'.repeat(40)])) })
    const all = await api().getPaged<{ name: string }>('/repos/org/many/tags')
    expect(all).toMatchObject({ complete: true, pages: 3 })
    expect(new Set(all!.items.map((t) => t.name)).size).toBe(250)
    const two = await api().getPaged<{ name: string }>('/repos/org/many/tags', { maxPages: 2 })
    expect(two).toMatchObject({ complete: false, pages: 2 })
    expect(two!.items).toHaveLength(200)
  })

  it('never follows a next page to another host (the token would go with it)', async () => {
    gh.use((_req, res, url) => (url.pathname === '/repos/org/x/tags' ? (gh.json(res, 200, [], { link: '<https://evil.example/repos/org/x/tags?page=2>; rel="next"' }), true) : false))
    await expect(api().getPaged('/repos/org/x/tags')).rejects.toThrow(/the next page is on another host \(evil\.example\)/)
  })

  it('streams a download to a file and stops at its own limit', async () => {
    const body = Buffer.alloc(2 * 1024 * 1024, 7)
    gh.use((_req, res, url) => {
      if (url.pathname !== '/big') return false
      // no content-length: the limit must hold while the body streams in
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      res.end(body)
      return true
    })
    const { mkdtempSync, readFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const file = join(mkdtempSync(join(tmpdir(), 'rg-dl-')), 'big')
    expect(await api().download('/big', file, 4 * 1024 * 1024)).toMatchObject({ bytes: body.length })
    expect(readFileSync(file).equals(body)).toBe(true)
    await expect(api().download('/big', file, 1024 * 1024)).rejects.toThrow(/over the 1048576-byte limit/)
  })
})
