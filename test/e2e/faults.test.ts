/**
 * dist/index.js against an API that fails in each way a network can: it hangs, closes the
 * connection mid-body, answers invalid JSON, or redirects to another host. Each time the job
 * fails with check-failed findings that say what could not be checked, and the token appears
 * nowhere (not even sent to the other host).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeGitHub } from '../helpers/fake-github.js'
import { readFixture } from '../helpers/audit.js'
import { runAction } from '../helpers/runner.js'

const SHA = 'dededededededededededededededededededede'
const WF = '.github/workflows/release.yml'
let gh: FakeGitHub
let mode: 'hang' | 'midbody' | 'badjson' | 'redirect' | 'inject' = 'hang'
let other: http.Server
const otherSaw: Array<string | undefined> = []

beforeAll(async () => {
  other = http.createServer((req, res) => {
    otherSaw.push(req.headers.authorization)
    if (!req.url?.includes('/workflows/release.yml')) {
      res.writeHead(404, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' }))
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ type: 'file', encoding: 'base64', content: Buffer.from(readFixture('workflows/unpinned-uses/positive.yml')).toString('base64') }))
  })
  await new Promise<void>((r) => other.listen(0, '127.0.0.3', r))
  gh = new FakeGitHub()
  gh.addFile('octo/demo', SHA, WF, readFixture('workflows/unpinned-uses/positive.yml'))
  gh.use((_req, res, url) => {
    if (!url.pathname.startsWith('/repos/octo/demo/contents/')) return false
    if (mode === 'hang') return true // never answers
    if (mode === 'midbody') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' })
      res.write('{"type":"file","encoding":"base64","content":"')
      setTimeout(() => res.socket?.destroy(), 5)
      return true
    }
    if (mode === 'badjson') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"type":"file", "content": <html>')
      return true
    }
    if (mode === 'redirect') {
      res.writeHead(301, { location: `http://127.0.0.3:${(other.address() as AddressInfo).port}${url.pathname}${url.search}` })
      res.end()
      return true
    }
    return false
  })
  await gh.start()
})
afterAll(async () => {
  await gh.stop()
  other.closeAllConnections()
  await new Promise<void>((r) => other.close(() => r()))
})

const env = (extra: Record<string, string> = {}) => ({
  GITHUB_API_URL: gh.url,
  GITHUB_REPOSITORY: 'octo/demo',
  GITHUB_WORKFLOW_REF: `octo/demo/${WF}@refs/tags/v1`,
  GITHUB_WORKFLOW_SHA: SHA,
  GITHUB_JOB: 'build-and-publish',
  RELEASE_GATE_HTTP_TIMEOUT_MS: '300',
  RELEASE_GATE_API_BUDGET_MS: '3000',
  ...extra,
})

describe('network faults, end to end', () => {
  it.each([
    ['hang', /could not load the workflow: GET \/repos\/octo\/demo\/contents\/\.github\/workflows\/release\.yml\?ref=d+e.* failed: no answer within 300 ms/],
    ['midbody', /could not load the workflow: GET .* failed: /],
    ['badjson', /could not load the workflow: GET .*: the response is not valid JSON/],
  ] as Array<['hang' | 'midbody' | 'badjson', RegExp]>)('%s: fails closed with check-failed and no token', async (m, re) => {
    mode = m
    const r = await runAction({ token: gh.token }, env())
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('fail')
    expect(r.summary).toMatch(re)
    expect(r.stdout).toMatch(/^::error title=check-failed,/m)
    expect(r.all).not.toContain(gh.token)
  }, 20000)

  it('redirect to another host: follows it without the token', async () => {
    mode = 'redirect'
    otherSaw.length = 0
    const r = await runAction({ token: gh.token }, env())
    expect(otherSaw.length).toBeGreaterThan(0)
    expect(otherSaw.every((a) => a === undefined)).toBe(true)
    expect(r.stdout).toMatch(/^::error title=unpinned-uses,/m) // it did read the workflow
    expect(r.all).not.toContain(gh.token)
  }, 20000)

  it('a step name cannot inject workflow commands or Markdown', async () => {
    mode = 'inject'
    const text = readFixture('workflows/unpinned-uses/positive.yml').replace('name: Checkout', 'name: "x\\n::set-output name=verdict::pass\\n::add-mask::y <img src=x onerror=alert(1)> [a](http://evil.test)"')
    gh.addFile('octo/demo', SHA.replace(/d/g, 'f'), WF, text)
    const r = await runAction({ token: gh.token }, env({ GITHUB_WORKFLOW_SHA: SHA.replace(/d/g, 'f') }))
    expect(r.stdout).not.toMatch(/^::set-output/m)
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))).toEqual([`::add-mask::${gh.token}`])
    expect(r.outputs.verdict).toBe('fail')
    const outside = r.summary.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '')
    expect(outside).not.toMatch(/<img|\]\(http:\/\/evil/)
  }, 20000)
})
