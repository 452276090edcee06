/**
 * End to end: `node dist/index.js` as the runner starts it, first step of the job (empty
 * workspace), reading its workflow through a loopback fake of GitHub's REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { FakeGitHub } from '../helpers/fake-github.js'
import { readFixture } from '../helpers/audit.js'
import { readAction, runAction } from '../helpers/runner.js'
import { INPUTS } from '../../src/context/inputs.js'
import { serveActionsOf } from '../helpers/online.js'
import { fakeGh } from '../helpers/fake-gh.js'
import { createHash } from 'node:crypto'

const SHA_FAIL = '1111111111111111111111111111111111111111'
const SHA_PASS = '2222222222222222222222222222222222222222'
const SHA_CFG = '3333333333333333333333333333333333333333'
const WF = '.github/workflows/release.yml'
const SHA_LOCAL = '5555555555555555555555555555555555555555'
/** The local action the passing workflow uses (`uses: ./.github/actions/verify-dist`). */
const VERIFY_DIST = '.github/actions/verify-dist/action.yml'
const VERIFY_DIST_TEXT = [
  'name: Verify dist',
  'description: Check the built distributions before they are published',
  'runs:',
  '  using: composite',
  '  steps:',
  '    - run: python -m twine check --strict dist/*',
  '      shell: bash',
  '',
].join('\n')
const LOCAL = ['.github/workflows/release.yml', '.github/workflows/build.yml', '.github/actions/prepare/action.yml']

let gh: FakeGitHub
beforeAll(async () => {
  gh = new FakeGitHub()
  gh.addFile('octo/demo', SHA_FAIL, WF, readFixture('workflows/unpinned-uses/positive.yml'))
  gh.addFile('octo/demo', SHA_PASS, WF, readFixture('workflows/unpinned-uses/near-miss.yml'))
  gh.addFile('octo/demo', SHA_PASS, VERIFY_DIST, VERIFY_DIST_TEXT)
  gh.addFile('octo/demo', SHA_CFG, WF, readFixture('workflows/unpinned-uses/positive.yml'))
  gh.addFile(
    'octo/demo',
    SHA_CFG,
    '.github/release-gate.yml',
    'rules:\n  unpinned-uses:\n    ignore: [".github/workflows/release.yml:19"]\nallow:\n  - uses: pypa/gh-action-pypi-publish\n    reason: tracks release/v1 on purpose\n',
  )
  for (const p of LOCAL) gh.addFile('octo/demo', SHA_LOCAL, p, readFixture(`repos/local/${p}`))
  // the actions these workflows use, as GitHub would serve them, and protected environments
  for (const f of ['workflows/unpinned-uses/positive.yml', 'workflows/unpinned-uses/near-miss.yml', ...LOCAL.map((p) => `repos/local/${p}`)]) serveActionsOf(gh, readFixture(f))
  for (const env of ['pypi', 'publish', 'npm']) gh.environments.set(`octo/demo:${env}`, { reviewers: 2, preventSelfReview: true, branchPolicy: [{ name: 'v*', type: 'tag' }], canAdminsBypass: false })
  await gh.start()
})
afterAll(async () => gh.stop())

function env(sha: string, job: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    GITHUB_API_URL: gh.url,
    GITHUB_REPOSITORY: 'octo/demo',
    GITHUB_WORKFLOW_REF: `octo/demo/${WF}@refs/tags/v1.2.0`,
    GITHUB_WORKFLOW_SHA: sha,
    GITHUB_SHA: sha,
    GITHUB_REF: 'refs/tags/v1.2.0',
    GITHUB_JOB: job,
    ...extra,
  }
}

describe('the action, end to end', () => {
  it('blocks a tag-pinned release: exit 1, verdict fail, summary table, annotations', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_FAIL, 'build-and-publish'))
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('fail')
    expect(r.outputs.findings).toBe('3')
    expect(r.summary.split('\n')[0]).toBe('## ❌ Release blocked: 3 blocking findings (3 errors)')
    expect(r.summary).toContain('| Rule | Where | Problem | What to do |')
    // one row for the rule, each location a link to its line at the workflow's commit
    expect(r.summary).toContain(
      `| [unpinned-uses](https://github.com/octo-org/release-gate/blob/v1.0.0/docs/rules/unpinned-uses.md)<br>×3 | [.github/<wbr>workflows/<wbr>release.yml:19](https://github.com/octo/demo/blob/${SHA_FAIL}/.github/workflows/release.yml#L19) <code>actions/<wbr>checkout@<wbr>v4</code><br>`,
    )
    expect(r.summary).toContain(`(https://github.com/octo/demo/blob/${SHA_FAIL}/.github/workflows/release.yml#L29)`)
    expect(r.summary).toContain('`# release-gate: ignore[<rule>] -- <reason>`')
    expect(r.stdout).toMatch(/^::error title=unpinned-uses,file=\.github\/workflows\/release\.yml,line=19,col=13::actions\/checkout@v4 is pinned to a tag/m)
    expect(r.stdout).toMatch(/^::error title=unpinned-uses,file=\.github\/workflows\/release\.yml,line=29,col=13::/m)
    expect(r.stdout).toMatch(/^::error::release-gate blocked the release: 3 blocking findings, most urgent unpinned-uses at \.github\/workflows\/release\.yml:19/m)
    // it read the workflow through the API at the workflow's SHA, with the job's token
    const req = gh.requests.find((q) => q.path === `/repos/octo/demo/contents/.github/workflows/release.yml?ref=${SHA_FAIL}`)
    expect(req?.headers.authorization).toBe(`Bearer ${gh.token}`)
    expect(r.summary).toContain(`.github/workflows/release.yml: read through the API at ${SHA_FAIL}`)
    // JSON and SARIF files, named by the outputs
    const json = JSON.parse(r.files['release-gate.json'])
    expect(json.verdict).toBe('fail')
    expect(r.outputs.report).toMatch(/release-gate\.json$/)
    expect(JSON.parse(r.files['release-gate.sarif']).version).toBe('2.1.0')
    expect(r.all).not.toContain(gh.token)
  })

  it('passes a fully pinned release: exit 0, verdict pass', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_PASS, 'publish-pypi'))
    expect(r.code).toBe(0)
    expect(r.outputs.verdict).toBe('pass')
    expect(r.outputs.findings).toBe('0')
    expect(r.summary.split('\n')[0]).toBe('## ✅ Release gate passed: no findings')
    expect(r.summary).toContain('guarding `publish-pypi`, with `build`')
    expect(r.summary).toMatch(/<details><summary>Dependency tree<\/summary>[\s\S]*pypa\/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e \[node\]/)
    expect(r.summary).toMatch(/- GitHub API requests: \d+/)
    expect(r.stdout).not.toMatch(/^::error/m)
  })

  it('reads the config file through the API and applies its ignores and allowances', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_CFG, 'build-and-publish'))
    expect(r.outputs.findings).toBe('1')
    expect(r.summary).toContain('### Allowed to stay unpinned')
    expect(r.summary).toContain('tracks release/v1 on purpose')
    expect(r.summary).toContain('### Ignored')
    const json = JSON.parse(r.files['release-gate.json'])
    expect(json.findings.filter((f: { ignored: boolean }) => f.ignored)).toHaveLength(2)
  })

  it('fail-on: never reports without failing', async () => {
    const r = await runAction({ token: gh.token, 'fail-on': 'never' }, env(SHA_FAIL, 'build-and-publish'))
    expect(r.code).toBe(0)
    expect(r.outputs.verdict).toBe('pass')
    expect(r.stdout).toMatch(/^::warning title=unpinned-uses/m)
  })

  it('fails closed when the API cannot be reached, saying what it could not check', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_FAIL, 'build-and-publish', { GITHUB_API_URL: 'http://127.0.0.1:9' }))
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('fail')
    expect(r.summary).toContain('could not load the workflow')
    expect(r.stdout).toMatch(/^::error title=check-failed/m)
    expect(r.all).not.toContain(gh.token)
  })

  it('fails closed when the workflow is not at that SHA (404)', async () => {
    const r = await runAction({ token: gh.token }, env('4444444444444444444444444444444444444444', 'build-and-publish'))
    expect(r.code).toBe(1)
    expect(r.summary).toMatch(/has no \.github\/workflows\/release\.yml at 4{40} \(HTTP 404\)/)
  })

  it('offline: audits the workspace copy and says what was not checked', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    mkdirSync(join(ws, '.github', 'workflows'), { recursive: true })
    writeFileSync(join(ws, WF), readFixture('workflows/unpinned-uses/near-miss.yml'))
    mkdirSync(join(ws, '.github', 'actions', 'verify-dist'), { recursive: true })
    writeFileSync(join(ws, VERIFY_DIST), VERIFY_DIST_TEXT)
    const before = gh.requests.length
    const r = await runAction({ offline: 'true' }, env(SHA_PASS, 'publish-pypi', { GITHUB_WORKSPACE: ws }))
    expect(r.code).toBe(0)
    expect(gh.requests.length).toBe(before)
    expect(r.summary).toContain('### Not checked')
    expect(r.summary).toContain('offline: the workspace copy was audited')
    for (const rule of ['unpinned-transitive-uses', 'impostor-commit', 'ref-version-mismatch', 'unprotected-environment', 'known-vulnerable-actions']) {
      expect(r.summary).toContain(`- **${rule}**: offline: true`)
    }
  })

  it('offline with an empty workspace blocks rather than passing', async () => {
    const r = await runAction({ offline: 'true' }, env(SHA_PASS, 'publish-pypi'))
    expect(r.code).toBe(1)
    expect(r.summary).toContain('the workspace has no .github/workflows/release.yml')
  })

  it('rejects a bad input with a message naming it', async () => {
    const r = await runAction({ token: gh.token, 'fail-on': 'hgh' }, env(SHA_PASS, 'publish-pypi'))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("::error::release-gate could not run: Input 'fail-on' is 'hgh'; expected one of error, warning, never")
  })

  it('reads local composite actions and reusable workflows through the API at the same SHA', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_LOCAL, 'publish'))
    expect(r.code).toBe(1)
    for (const p of LOCAL.slice(1)) expect(gh.requests.some((q) => q.path === `/repos/octo/demo/contents/${p}?ref=${SHA_LOCAL}`)).toBe(true)
    expect(r.stdout).toMatch(/^::error title=unpinned-uses,file=\.github\/actions\/prepare\/action\.yml,line=6,col=13::actions\/setup-node@v4 is pinned to a tag.* \(via publish › \.\/\.github\/actions\/prepare\)/m)
    expect(r.stdout).toMatch(/^::error title=cache-poisoning,file=\.github\/actions\/prepare\/action\.yml,line=9/m)
    expect(r.summary).toContain('2 local actions and workflows: read from octo/demo at 5555555555555555555555555555555555555555')
  })

  it('verifies artifacts with gh before publishing, and shows them in the summary', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    mkdirSync(join(ws, 'dist'))
    writeFileSync(join(ws, 'dist', 'demo-1.2.0.tar.gz'), 'sdist')
    writeFileSync(join(ws, 'dist', 'demo-1.2.0-py3-none-any.whl'), 'wheel')
    const digest = (s: string) => createHash('sha256').update(s).digest('hex')
    const att = (c: string) => ({ digest: digest(c), signerWorkflow: `octo/demo/${WF}`, sourceRef: 'refs/tags/v1.2.0', sourceDigest: SHA_PASS, runner: 'github-hosted' as const })
    const gh2 = fakeGh({ version: '2.74.0', attestations: [att('sdist'), att('wheel')] })
    const base = { ...env(SHA_PASS, 'publish-pypi', { GITHUB_WORKSPACE: ws, PATH: gh2.path, ...gh2.env }) }
    const ok = await runAction({ token: gh.token, 'subject-path': 'dist/*' }, base)
    expect(ok.code).toBe(0)
    expect(ok.summary).toContain('| Artifact | sha256 | Verified signer | Source ref | Verdict |')
    expect(ok.summary).toContain(`| \`dist/demo-1.2.0.tar.gz\` | \`${digest('sdist').slice(0, 12)}\` | \`octo/demo/.github/workflows/release.yml@refs/tags/v1.2.0\` | \`refs/tags/v1.2.0\` | ✅ verified |`)
    gh2.set({ version: '2.74.0', attestations: [att('sdist')] })
    const bad = await runAction({ token: gh.token, 'subject-path': 'dist/*' }, base)
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^::error title=unverified-artifact,.*dist\/demo-1\.2\.0-py3-none-any\.whl.*✗ No attestations found for subject sha256:/m)
    gh2.set({ version: '2.60.0', attestations: [] })
    const old = await runAction({ token: gh.token, 'subject-path': 'dist/*' }, base)
    expect(old.code).toBe(1)
    expect(old.summary).toContain('could not verify attestations: gh 2.60.0 is older than 2.67.0')
    expect([ok, bad, old].every((r) => !r.all.includes(gh.token))).toBe(true)
  })

  it('blocks when the running job is not in the workflow', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_PASS, 'deploy'))
    expect(r.code).toBe(1)
    expect(r.summary).toContain("job 'deploy' is not in .github/workflows/release.yml")
  })
})

describe('summary input', () => {
  it('off: no job summary, the reports and outputs still written', async () => {
    const r = await runAction({ token: gh.token, summary: 'off' }, env(SHA_FAIL, 'build-and-publish'))
    expect(r.code).toBe(1)
    expect(r.summary).toBe('')
    expect(r.outputs.verdict).toBe('fail')
    expect(JSON.parse(r.files['release-gate.json']).verdict).toBe('fail')
  })

  it('failures: the verdict alone on a pass; what blocks on a failure, without the context', async () => {
    const pass = await runAction({ token: gh.token, summary: 'failures' }, env(SHA_PASS, 'publish-pypi'))
    expect(pass.summary).toBe('## ✅ Release gate passed: no findings\n')
    const fail = await runAction({ token: gh.token, summary: 'failures' }, env(SHA_FAIL, 'build-and-publish'))
    expect(fail.summary).toContain('### What to do')
    expect(fail.summary).not.toMatch(/Dependency tree|<summary>Context|### Not checked/)
  })

  it('rejects an unknown value', async () => {
    const r = await runAction({ token: gh.token, summary: 'some' }, env(SHA_PASS, 'publish-pypi'))
    expect(r.code).toBe(1)
    expect(r.stdout).toContain("Input 'summary' is 'some'; expected full, failures or off")
  })
})

describe('sub-actions over the same bundle', () => {
  it.each([[''], ['audit'], ['verify']])('%s/action.yml runs on node24 from the one bundle and declares only inputs the gate reads', (dir) => {
    const meta = readAction(dir)
    expect(meta.using).toBe('node24')
    expect(meta.main.startsWith(join(process.cwd(), 'dist'))).toBe(true)
    for (const k of Object.keys(meta.defaults)) expect(Object.values(INPUTS)).toContain(k)
    expect(meta.outputs).toEqual(['verdict', 'findings', 'report', 'sarif'])
    // the Marketplace refuses a description of 125 characters or more
    expect(meta.description.length).toBeLessThan(125)
    expect(meta.description).not.toMatch(/later checks/)
  })

  it('audit/: the workflow audit, attestations not asked for', async () => {
    const r = await runAction({ token: gh.token }, env(SHA_FAIL, 'build-and-publish'), 'audit')
    expect(r.code).toBe(1)
    expect(r.outputs.findings).toBe('3')
    expect(r.stdout).toMatch(/^::error title=unpinned-uses,file=\.github\/workflows\/release\.yml,line=19,col=13::/m)
    expect(r.summary).toContain('- **unverified-artifact**: attestations: off')
    expect(readAction('audit').defaults).not.toHaveProperty('subject-path')
    // an INPUT_ the audit action does not declare, set in the job's environment, changes nothing
    const sneaky = await runAction({ token: gh.token, 'subject-path': 'dist/*', attestations: 'required' }, env(SHA_PASS, 'publish-pypi'), 'audit')
    expect(sneaky.code).toBe(0)
    expect(sneaky.summary).not.toContain('### Artifacts')
  })

  it('verify/: attestations only — a tag-pinned workflow passes when its artifacts verify; a missing attestation blocks', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'rg-ws-'))
    mkdirSync(join(ws, 'dist'))
    writeFileSync(join(ws, 'dist', 'demo-1.2.0.tar.gz'), 'sdist')
    writeFileSync(join(ws, 'dist', 'demo-1.2.0-py3-none-any.whl'), 'wheel')
    const digest = (c: string) => createHash('sha256').update(c).digest('hex')
    const att = (c: string) => ({ digest: digest(c), signerWorkflow: `octo/demo/${WF}`, sourceRef: 'refs/tags/v1.2.0', sourceDigest: SHA_FAIL, runner: 'github-hosted' as const })
    const fake = fakeGh({ version: '2.74.0', attestations: [att('sdist'), att('wheel')] })
    const base = env(SHA_FAIL, 'build-and-publish', { GITHUB_WORKSPACE: ws, PATH: fake.path, ...fake.env })
    const ok = await runAction({ token: gh.token, 'subject-path': 'dist/*' }, base, 'verify')
    expect(ok.code).toBe(0)
    expect(ok.outputs.verdict).toBe('pass')
    expect(ok.stdout).not.toMatch(/title=unpinned-uses/)
    expect(ok.summary).toContain('| `dist/demo-1.2.0.tar.gz` |')
    expect(ok.summary).not.toMatch(/Rules turned off|\*\*unpinned-transitive-uses\*\*/)
    fake.set({ version: '2.74.0', attestations: [att('sdist')] })
    const bad = await runAction({ token: gh.token, 'subject-path': 'dist/*' }, base, 'verify')
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^::error title=unverified-artifact,.*demo-1\.2\.0-py3-none-any\.whl/m)
    expect(bad.stdout).not.toMatch(/title=unpinned-uses/)
    const none = await runAction({ token: gh.token }, base, 'verify')
    expect(none.code).toBe(1)
    expect(none.stdout).toContain("release-gate/verify needs 'subject-path' or 'artifact-name'")
    expect([ok, bad, none].every((r) => !r.all.includes(gh.token))).toBe(true)
  })
})
