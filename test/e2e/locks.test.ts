/** The bundled action inside a job whose runner downloads are compared with actions.lock. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { FakeGitHub } from '../helpers/fake-github.js'
import { CodeHost, runnerLayout } from '../helpers/codehost.js'
import { runAction } from '../helpers/runner.js'

const SHA = 'fe11fe11fe11fe11fe11fe11fe11fe11fe11fe11'
const SUM_SHA = '5a115a115a115a115a115a115a115a115a115a11'
const N1 = 'b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1b1'
const NODE = { 'action.yml': 'name: node\ndescription: n\nruns:\n  using: node24\n  main: dist/index.js\n', 'dist/index.js': 'console.log("node")\n' }
const WF = `name: Release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: release\n    permissions:\n      id-token: write\n    steps:\n      - uses: org/node@v3.0.0\n      - run: uv publish\n`

let gh: FakeGitHub
beforeAll(async () => {
  gh = new FakeGitHub()
  const host = new CodeHost(gh)
  gh.addRepo('org/node', { branches: { main: [N1] }, tags: { 'v3.0.0': N1 } })
  host.add('org', 'node', N1, NODE)
  const r = gh.repos.get('org/node')!
  gh.addFile('octo/demo', SHA, '.github/workflows/release.yml', WF)
  gh.addFile(
    'octo/demo',
    SHA,
    '.github/workflows/actions.lock',
    `version: 'v0.0.2'\nworkflows:\n    '.github/workflows/release.yml':\n        - 'org/node@v3.0.0'\ndependencies:\n    'org/node@v3.0.0':\n        ref: 'v3.0.0'\n        commit: 'sha1-${N1}'\n        owner_id: ${r.ownerId}\n        repo_id: ${r.id}\n`,
  )
  // the same workflow locked by ghasum instead: gha.sum as `ghasum init` writes it (dirhash h1, bare base64)
  const sha256 = (t: string) => createHash('sha256').update(t).digest('hex')
  const sum = createHash('sha256').update(Object.keys(NODE).sort().map((p) => `${sha256(NODE[p as keyof typeof NODE])}  ${p}\n`).join('')).digest('base64')
  gh.addFile('octo/demo', SUM_SHA, '.github/workflows/release.yml', WF)
  gh.addFile('octo/demo', SUM_SHA, '.github/workflows/gha.sum', `version 1\n\norg/node@v3.0.0 ${sum}\n`)
  gh.environments.set('octo/demo:release', { reviewers: 1, preventSelfReview: true, branchPolicy: 'protected', canAdminsBypass: false })
  await gh.start()
})
afterAll(async () => gh.stop())

const env = (ws: string, sha = SHA) => ({
  GITHUB_API_URL: gh.url,
  GITHUB_REPOSITORY: 'octo/demo',
  GITHUB_WORKFLOW_REF: 'octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0',
  GITHUB_WORKFLOW_SHA: sha,
  GITHUB_JOB: 'publish',
  RUNNER_WORKSPACE: ws,
})

describe('locks, end to end', () => {
  it('passes when the download is the locked commit, and blocks when a file was changed', async () => {
    const clean = runnerLayout(mkdtempSync(join(tmpdir(), 'rg-run-')), [{ owner: 'org', repo: 'node', ref: 'v3.0.0', files: NODE }])
    const ok = await runAction({ token: gh.token }, env(clean))
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('checked 1 downloaded actions against their locked content')
    expect(ok.stdout).toMatch(/^::notice title=unpinned-uses,.*actions\.lock pins it to/m)

    const bad = runnerLayout(mkdtempSync(join(tmpdir(), 'rg-run-')), [{ owner: 'org', repo: 'node', ref: 'v3.0.0', files: { ...NODE, 'dist/index.js': 'exfiltrate()\n' } }])
    const r = await runAction({ token: gh.token }, env(bad))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^::error title=integrity-mismatch,file=\.github\/workflows\/release\.yml,line=13,col=15::the runner's download of org\/node@v3\.0\.0 is not the locked content: 1 changed \(dist\/index\.js\)/m)
    expect(r.all).not.toContain(gh.token)
  })

  it('passes a gha.sum written as ghasum writes it, and still catches a tampered download', async () => {
    const clean = runnerLayout(mkdtempSync(join(tmpdir(), 'rg-run-')), [{ owner: 'org', repo: 'node', ref: 'v3.0.0', files: NODE }])
    const ok = await runAction({ token: gh.token }, env(clean, SUM_SHA))
    expect(ok.stdout).not.toMatch(/integrity-mismatch|check-failed/)
    expect(ok.stdout).toContain('checked 1 downloaded actions against their locked content')

    const bad = runnerLayout(mkdtempSync(join(tmpdir(), 'rg-run-')), [{ owner: 'org', repo: 'node', ref: 'v3.0.0', files: { ...NODE, 'dist/index.js': 'exfiltrate()\n' } }])
    const r = await runAction({ token: gh.token }, env(bad, SUM_SHA))
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^::error title=integrity-mismatch,file=\.github\/workflows\/release\.yml,line=13,col=15::the runner's download of org\/node@v3\.0\.0 is not the locked content: its ghasum checksum is [A-Za-z0-9+/]{43}=, gha\.sum records [A-Za-z0-9+/]{43}=/m)
  })
})
