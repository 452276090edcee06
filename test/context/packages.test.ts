/**
 * package.json read before the audit: inside a job through the contents API at the run's
 * commit, from the checkout in the CLI. Only when a step runs a package script; a file that
 * cannot be read is a check that could not run, a hostile one a note, never a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeGitHub } from '../helpers/fake-github.js'
import { GitHubApi } from '../../src/resolve/github.js'
import { loadRunning } from '../../src/context/load.js'
import { readRunContext } from '../../src/context/runner.js'
import { readSettings } from '../../src/context/inputs.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import { runCli } from '../../src/cli.js'
import { options } from '../helpers/audit.js'

const SHA = '1111111111111111111111111111111111111111'
const WORKFLOW = `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: octo-org/release-gate@6b3083bc1b9d8b1c8bbb2a4e3c5a1f0d2b7e9a41 # v1.0.0
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
        with:
          persist-credentials: false
      - run: npm ci
      - run: npm run ship
        working-directory: packages/cli
        env:
          NODE_AUTH_TOKEN: \${{ secrets.NPM_TOKEN }}
`
const PKG = JSON.stringify({ name: 'cli', scripts: { ship: 'npm run build && changeset publish', build: 'tsc' } })

const gh = new FakeGitHub()
let failing = false
beforeAll(async () => {
  gh.use((_req, res, url) => {
    if (failing && url.pathname.endsWith('/contents/packages/cli/package.json')) {
      gh.json(res, 500, { message: 'Server Error' })
      return true
    }
    return false
  })
  gh.addFile('octo/demo', SHA, '.github/workflows/release.yml', WORKFLOW)
  gh.addFile('octo/demo', SHA, 'packages/cli/package.json', PKG)
  await gh.start()
})
afterAll(() => gh.stop())

async function inJob() {
  const ctx = readRunContext({ GITHUB_WORKFLOW_REF: `octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0`, GITHUB_WORKFLOW_SHA: SHA, GITHUB_SHA: SHA, GITHUB_REPOSITORY: 'octo/demo', GITHUB_JOB: 'release', GITHUB_API_URL: gh.url })
  const settings = readSettings({ get: () => '' })
  const api = new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 1, retries: 0 })
  const loaded = await loadRunning(ctx, settings, api)
  const opts = options()
  const part = auditTarget(loaded.target, { ...opts, runtime: { runnerEnvironment: 'github-hosted', gateRepository: 'octo-org/release-gate', eventName: 'push' } })
  return { loaded, report: buildReport([part], loaded.skipped, opts) }
}

describe('package.json for package scripts', () => {
  it('inside a job: read through the API at the commit, from the step\'s working directory, and the script followed', async () => {
    failing = false
    const { loaded, report } = await inJob()
    expect(loaded.target.packages?.get('packages/cli')?.scripts?.get('ship')).toBe('npm run build && changeset publish')
    expect(gh.requests.some((r) => r.path.includes('/contents/packages/cli/package.json'))).toBe(true)
    const f = report.findings.find((x) => x.rule === 'use-trusted-publishing')
    expect(f?.blocking).toBe(true)
    expect(report.findings.find((x) => x.rule === 'missing-environment')?.message).toContain('`npm run ship` runs `changeset publish` (packages/cli/package.json scripts.ship)')
  })

  it('inside a job: a package.json the API does not give is a check that could not run', async () => {
    failing = true
    const { report } = await inJob()
    failing = false
    const f = report.findings.find((x) => x.rule === 'check-failed' && /package\.json/.test(x.message))
    expect(f?.blocking).toBe(true)
    expect(f?.message).toMatch(/what its scripts run \(a step runs a package script\) is not checked/)
  })

  function checkout(pkg: string | undefined): string {
    const repo = mkdtempSync(join(tmpdir(), 'rg-pkg-'))
    mkdirSync(join(repo, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(repo, '.github', 'workflows', 'release.yml'), WORKFLOW.replace('        working-directory: packages/cli\n', ''))
    if (pkg !== undefined) writeFileSync(join(repo, 'package.json'), pkg)
    return repo
  }
  const cli = async (repo: string) => JSON.parse((await runCli(['audit', join(repo, '.github', 'workflows', 'release.yml'), '--format', 'json', '--offline'], {})).stdout)

  it('the CLI reads package.json from the checkout: a script that publishes makes the job a publishing one', async () => {
    const r = await cli(checkout(PKG))
    expect(r.files[0].targets).toEqual(['release'])
    expect(r.findings.find((x: { rule: string }) => x.rule === 'missing-environment').message).toMatch(/`npm run ship` runs `changeset publish` \(.*package\.json scripts\.ship\)/)
  })

  it('the CLI: a script that does not publish leaves the job alone', async () => {
    const r = await cli(checkout(JSON.stringify({ scripts: { ship: 'conventional-changelog -p angular' } })))
    expect(r.files[0].scope).toBe('no job publishes: every job')
  })

  it.each([
    ['not JSON', '{"scripts": {"ship": '],
    ['scripts not strings', '{"scripts": {"ship": {"cmd": "changeset publish"}}}'],
    ['a JSON array', '[1, 2, 3]'],
  ])('the CLI: a package.json that is %s is a note, not a crash', async (_what, pkg) => {
    const r = await cli(checkout(pkg))
    expect(r.skipped.some((s: { check: string; reason: string }) => /package\.json/.test(s.check) && /^not checked: /.test(s.reason))).toBe(true)
  })

  it('the CLI: a deeply nested package.json is read without a crash', async () => {
    const r = await cli(checkout(`{"scripts": {"build": "tsc"}, "x": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`))
    expect(r.files[0].scope).toBe('no job publishes: every job')
  })
})
