/** The CLI online: `tree`, and sweeping repositories with `--repo`, against the fake API. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { runCli } from '../src/cli.js'
import { fixturePath, readFixture } from './helpers/audit.js'
import { C, world } from './helpers/online.js'
import type { FakeGitHub } from './helpers/fake-github.js'

let gh: FakeGitHub
const REPO_SHA = 'c0ffee0000000000000000000000000000000001'
beforeAll(async () => {
  gh = await world()
  gh.addRepo('octo/demo', { branches: { main: [REPO_SHA] } })
  gh.addFile('octo/demo', REPO_SHA, '.github/workflows/push_gem.yml', readFixture('workflows/unpinned-transitive-uses/positive.yml'))
  gh.addFile('octo/demo', REPO_SHA, '.github/workflows/ci.yml', 'name: CI\non: pull_request\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n')
})
afterAll(async () => gh.stop())

const env = () => ({ GH_TOKEN: gh.token, GITHUB_API_URL: gh.url })

describe('release-gate tree', () => {
  it('prints the resolved tree with SHAs and kinds, like npm ls', async () => {
    const r = await runCli(['tree', fixturePath('workflows/unpinned-transitive-uses/positive.yml'), '--job', 'push'], env())
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'test/fixtures/workflows/unpinned-transitive-uses/positive.yml › push',
        '└── push',
        `    ├── actions/checkout@${C.checkoutV5} [node]`,
        `    └── rubygems/release-gem@${C.gemV1} [composite]`,
        `        └── rubygems/configure-rubygems-credentials@v1.0.0 → ${C.credsV1.slice(0, 12)} [node]`,
        '',
      ].join('\n'),
    )
  })

  it('needs a token', async () => {
    const r = await runCli(['tree', fixturePath('workflows/unpinned-transitive-uses/positive.yml')], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/set GH_TOKEN/)
  })
})

describe('release-gate audit online', () => {
  it('runs the online rules when a token is set, and counts requests', async () => {
    const r = await runCli(['audit', fixturePath('workflows/unpinned-transitive-uses/positive.yml'), '--job', 'push', '--format', 'json'], env())
    const j = JSON.parse(r.stdout)
    expect(j.findings.map((f: { rule: string }) => f.rule)).toContain('unpinned-transitive-uses')
    expect(j.api.requests).toBeGreaterThan(0)
    expect(j.skipped.map((s: { check: string }) => s.check)).not.toContain('unpinned-transitive-uses')
  })

  it('says what was not checked without a token', async () => {
    const r = await runCli(['audit', fixturePath('workflows/unpinned-transitive-uses/positive.yml'), '--format', 'json'], {})
    const j = JSON.parse(r.stdout)
    expect(j.skipped).toContainEqual({ check: 'impostor-commit', reason: expect.stringMatching(/^no token: set GH_TOKEN/) })
    expect(j.api).toBeNull()
  })

  it('sweeps repositories with --repo, reading their workflows through the API', async () => {
    const r = await runCli(['audit', '--repo', 'octo/demo', '--format', 'json'], env())
    const j = JSON.parse(r.stdout)
    expect(j.files.map((f: { file: string }) => f.file)).toEqual(['octo/demo/.github/workflows/ci.yml', 'octo/demo/.github/workflows/push_gem.yml'])
    const f = j.findings.find((x: { rule: string }) => x.rule === 'unpinned-transitive-uses')
    expect(f.file).toBe('octo/demo/.github/workflows/push_gem.yml')
    expect(r.code).toBe(1)
  })

  it('stops cleanly at the rate limit and names the repositories it did not check', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    let n = 0
    gh.use(async (_req, res, url) => {
      // the other repositories answer later, so the limit is known before the pool moves on
      if (url.pathname.startsWith('/repos/octo/other')) await new Promise((r) => setTimeout(r, 100))
      if (!url.pathname.startsWith('/repos/octo/limited')) return false
      n++
      gh.json(res, 403, { message: 'API rate limit exceeded for 127.0.0.1.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })
      return true
    })
    const specs = ['octo/limited', ...Array.from({ length: 6 }, (_, i) => `octo/other${i}`)]
    const r = await runCli(['audit', ...specs.flatMap((s) => ['--repo', s]), '--format', 'json'], env())
    const j = JSON.parse(r.stdout)
    const notChecked = j.skipped.filter((s: { reason: string }) => /rate limit/.test(s.reason)).map((s: { check: string }) => s.check)
    // octo/limited and the three that had not started when the limit was reached
    expect(notChecked.sort()).toEqual(['audit octo/limited', 'audit octo/other3', 'audit octo/other4', 'audit octo/other5'])
    expect(n).toBe(1)
  })
})

describe('release-gate hash', () => {
  it('prints the checksum of a folder as gha.sum records it (dirhash h1 without the prefix)', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs')
    const { join } = await import('node:path')
    const { tmpdir } = await import('node:os')
    const { ghasumSum } = await import('../src/resolve/dirhash.js')
    const d = mkdtempSync(join(tmpdir(), 'rg-hash-'))
    writeFileSync(join(d, 'action.yml'), 'name: x\n')
    const r = await runCli(['hash', d], {})
    expect(r.code).toBe(0)
    expect(r.stdout.split('  ')[0]).toBe(ghasumSum([{ path: 'action.yml', data: Buffer.from('name: x\n') }]))
    expect((await runCli(['hash', join(d, 'missing')], {})).code).toBe(2)
  })

  it('tree --format json reports the resolution time and requests', async () => {
    const r = await runCli(['tree', fixturePath('workflows/unpinned-transitive-uses/positive.yml'), '--format', 'json'], env())
    const j = JSON.parse(r.stdout)
    expect(j).toMatchObject({ actions: 3, contentRequests: 3 })
    expect(typeof j.resolveMs).toBe('number')
  })
})
