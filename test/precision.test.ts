/**
 * No false block on a careful release workflow (issue 12): each construct that blocked real,
 * careful workflows, with a realistic workflow, and the true block next to it that must stay.
 */
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { auditTarget, buildReport } from '../src/engine.js'
import type { Report } from '../src/engine.js'
import { fsReader, loadLocal } from '../src/context/local.js'
import { parseConfig } from '../src/context/config.js'
import { parseWorkflow } from '../src/workflow/model.js'
import { readFileSync } from 'node:fs'
import { FIXTURES, auditWorkflow, ofRule, options } from './helpers/audit.js'
import { githubProblems } from '../src/workflow/github-schema.js'

/** Audit a workflow of a fixture repository, with its local actions and called workflows read from disk. */
async function auditRepo(repo: string, workflow: string, job?: string): Promise<Report> {
  const root = join(FIXTURES, 'precision', repo)
  const wf = parseWorkflow(readFileSync(join(root, workflow), 'utf8'), workflow)
  const local = await loadLocal(wf, fsReader(root, (p) => p, 'the checkout'))
  const opts = options()
  return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: local.failures, local: local.local, ...(job ? { jobId: job } : {}) }, opts)], local.skipped, opts)
}

const blocking = (r: Report) => r.findings.filter((f) => f.blocking).map((f) => `${f.rule} ${f.file}:${f.line} ${f.message}`)

const PIN = {
  checkout: 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0',
  pypi: 'pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0',
  download: 'actions/download-artifact@634f93cb2916e3fdff6788551b99b062d0335ce0 # v5.0.0',
  upload: 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2',
}

/** A careful two-job PyPI release, with `permissions:` given as the argument says. */
function pypiRelease(top: string, buildPerms: string): string {
  return `name: Release
on:
  push:
    tags: ['v*']
${top}jobs:
  build:
    runs-on: ubuntu-24.04
${buildPerms}    steps:
      - uses: ${PIN.checkout}
        with:
          persist-credentials: false
      - run: pipx run build
      - uses: ${PIN.upload}
        with:
          name: dist
          path: dist/
  publish:
    needs: [build]
    runs-on: ubuntu-24.04
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: ${PIN.download}
        with:
          name: dist
          path: dist/
      - uses: ${PIN.pypi}
`
}

describe('top-level permissions', () => {
  it('does not block when every job declares its own block; says so as a warning', () => {
    const wf = parseWorkflow(pypiRelease('', '    permissions:\n      contents: read\n'), 'release.yml')
    const r = auditWorkflow(wf, { job: 'publish' })
    expect(blocking(r)).toEqual([])
    const w = ofRule(r, 'excessive-permissions')
    expect(w.map((f) => [f.severity, f.line])).toEqual([['warning', 1]])
    expect(w[0].message).toMatch(/every job declares its own/)
  })

  it('still blocks when a job gets the default token, and names it', () => {
    const wf = parseWorkflow(pypiRelease('', ''), 'release.yml')
    const fs = ofRule(auditWorkflow(wf, { job: 'publish' }), 'excessive-permissions')
    expect(fs.map((f) => f.severity)).toEqual(['error'])
    expect(fs[0].message).toMatch(/job `build` has no block of its own/)
  })

  it('says nothing of a workflow that is only called (its token is capped by the caller)', () => {
    const wf = parseWorkflow(
      `name: Publish\non:\n  workflow_call:\n    secrets:\n      token:\n        required: false\njobs:\n  pypi:\n    runs-on: ubuntu-24.04\n    environment: pypi\n    steps:\n      - uses: ${PIN.download}\n      - uses: ${PIN.pypi}\n`,
      'publish.yml',
    )
    expect(ofRule(auditWorkflow(wf), 'excessive-permissions')).toEqual([])
  })
})

describe('reusable workflows are seen through', () => {
  it('takes the environment of the called workflow for its caller, and blocks nothing', async () => {
    const r = await auditRepo('reusable', '.github/workflows/release.yml')
    expect(r.files[0].targets).toEqual(['publish'])
    expect(blocking(r)).toEqual([])
    // the grant to the called workflow is used by its publishing job: no "unused id-token"
    expect(ofRule(r, 'excessive-permissions').filter((f) => f.job === 'publish')).toEqual([])
  })

  it("another repository's called workflow, unread offline, is a warning that says what was not checked", async () => {
    const r = await auditRepo('reusable', '.github/workflows/release.yml', 'publish-elsewhere')
    const fs = ofRule(r, 'missing-environment')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/not checked/)
  })

  it('points at the called workflow when its publishing job has no environment', async () => {
    const wf = parseWorkflow(readFileSync(join(FIXTURES, 'precision/reusable/.github/workflows/release.yml'), 'utf8'), '.github/workflows/release.yml')
    const callee = parseWorkflow(
      readFileSync(join(FIXTURES, 'precision/reusable/.github/workflows/pypi.yml'), 'utf8').replace(/ {4}environment:\n {6}name: pypi\n {6}url: \S+\n/, ''),
      '.github/workflows/pypi.yml',
    )
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local: new Map([['.github/workflows/pypi.yml', callee]]), jobId: undefined }, opts)], [], opts)
    const fs = ofRule(r, 'missing-environment').filter((f) => f.severity === 'error')
    expect(fs.map((f) => [f.file, f.job, f.chain])).toEqual([['.github/workflows/pypi.yml', 'pypi', ['publish', './.github/workflows/pypi.yml']]])
  })
})

describe('what steps need, from the catalogue', () => {
  const job = (perms: string, steps: string) =>
    parseWorkflow(
      `name: Release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  release:\n    runs-on: ubuntu-24.04\n    environment: release\n    permissions:\n${perms}    steps:\n      - uses: ${PIN.checkout}\n        with:\n          persist-credentials: false\n${steps}`,
      'release.yml',
    )

  it('knows publish-immutable-action needs id-token and packages', () => {
    const wf = job('      contents: read\n      id-token: write\n      packages: write\n', '      - uses: actions/publish-immutable-action@4bc8754ffc40f27910afb20287dbbbb675a4e978 # v0.0.4\n')
    expect(ofRule(auditWorkflow(wf, { job: 'release' }), 'excessive-permissions')).toEqual([])
  })

  it("knows changesets' publish uses id-token (npm trusted publishing)", () => {
    const wf = job('      contents: write\n      pull-requests: write\n      id-token: write\n', '      - uses: changesets/action@a45c4d594aa4e2c509dc14a9f2b3b67ba3780d0d # v1.9.0\n        with:\n          publish: pnpm release\n')
    const fs = ofRule(auditWorkflow(wf, { job: 'release' }), 'excessive-permissions')
    expect(fs.filter((f) => /id-token/.test(f.message))).toEqual([])
  })

  it('reads github-script for the REST calls it makes (repos.createRelease needs contents)', () => {
    const wf = job(
      '      contents: write\n',
      "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1\n        with:\n          script: |\n            await github.rest.repos.createRelease({ owner: context.repo.owner, repo: context.repo.repo, tag_name: context.ref.replace('refs/tags/', '') })\n",
    )
    expect(ofRule(auditWorkflow(wf, { job: 'release' }), 'excessive-permissions')).toEqual([])
  })

  it('a release target the gate cannot read (make ci-release) makes an unused scope a warning naming it', () => {
    const wf = job('      contents: write\n      id-token: write\n      packages: write\n', '      - run: make ci-release\n')
    const fs = ofRule(auditWorkflow(wf, { job: 'release' }), 'excessive-permissions')
    expect(fs.length).toBeGreaterThan(0)
    expect(fs.every((f) => f.severity === 'warning')).toBe(true)
    expect(fs[0].message).toMatch(/cannot tell what `make ci-release` needs/)
  })

  it('still blocks an unused write scope when every step is known', () => {
    const wf = job('      contents: write\n      id-token: write\n', `      - uses: ${PIN.download}\n      - uses: ${PIN.pypi}\n`)
    const fs = ofRule(auditWorkflow(wf, { job: 'release' }), 'excessive-permissions')
    expect(fs.map((f) => [f.severity, f.message])).toEqual([['error', 'publishing job `release` holds `contents: write`, which none of its steps uses']])
  })

  it('id-token: write alone is not publishing: scorecard is audited as an ordinary job, in plain words', () => {
    const wf = parseWorkflow(
      `name: Scorecard\non:\n  push:\n    branches: [main]\npermissions: read-all\njobs:\n  analysis:\n    runs-on: ubuntu-latest\n    permissions:\n      security-events: write\n      id-token: write\n    steps:\n      - uses: ${PIN.checkout}\n        with:\n          persist-credentials: false\n      - uses: ossf/scorecard-action@4eaacf0543bb3f2c246792bd56e8cdeffafb205a # v2.4.3\n        with:\n          results_file: results.sarif\n          results_format: sarif\n          publish_results: true\n      - uses: github/codeql-action/upload-sarif@0499de31b99561a6d14a36a5f662c2a54f91beee # v4.31.2\n        with:\n          sarif_file: results.sarif\n`,
      'scorecard.yml',
    )
    const r = auditWorkflow(wf)
    expect(r.files[0].scope).toMatch(/no job publishes/)
    expect(ofRule(r, 'excessive-permissions').map((f) => f.message)).toEqual(['top-level `permissions: read-all` gives every job read access to every scope'])
    expect(r.findings.some((f) => /publishing job/.test(f.message))).toBe(false)
  })
})

describe('composite actions get their inputs', () => {
  it('evaluates `cache: ${{ inputs.skip-cache != ... }}` as the caller binds it: off', async () => {
    const r = await auditRepo('composite', '.github/workflows/release.yml')
    expect(ofRule(r, 'cache-poisoning')).toEqual([])
  })

  it('on when the caller leaves the default, named by its value, and reported once for two jobs', async () => {
    const r = await auditRepo('composite', '.github/workflows/release-cached.yml')
    const fs = ofRule(r, 'cache-poisoning')
    expect(fs).toHaveLength(1)
    expect(fs[0].file).toBe('.github/actions/setup/action.yml')
    expect(fs[0].message).toMatch(/restores the pnpm cache/)
    expect(fs[0].message).not.toMatch(/restores the \$\{\{/)
    expect(fs[0].message).toMatch(/also reached from job/)
  })
})

describe('caches that cannot reach the package', () => {
  it('warns (does not block) for a cache in a needed test job that hands the release nothing', () => {
    const wf = parseWorkflow(
      pypiRelease('permissions: {}\n', '    permissions:\n      contents: read\n').replace(
        '  publish:\n    needs: [build]',
        `  test:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n    steps:\n      - uses: ${PIN.checkout}\n        with:\n          persist-credentials: false\n      - uses: actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c # v6.0.0\n        with:\n          python-version: '3.13'\n          cache: pip\n      - run: pip install -e .[test] && pytest\n  publish:\n    needs: [build, test]`,
      ),
      'release.yml',
    )
    const fs = ofRule(auditWorkflow(wf, { job: 'publish' }), 'cache-poisoning')
    expect(fs.map((f) => [f.severity, f.job])).toEqual([['warning', 'test']])
    expect(fs[0].message).toMatch(/hands it no artifact and no output/)
  })
})

describe('secrets decoded into files', () => {
  const signing = (line: string) =>
    parseWorkflow(
      `name: Release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  publish:\n    runs-on: macos-15\n    environment: release\n    permissions:\n      contents: write\n    steps:\n      - uses: ${PIN.checkout}\n        with:\n          persist-credentials: false\n      - name: Install the signing certificate\n        env:\n          BUILD_CERTIFICATE_BASE64: \${{ secrets.BUILD_CERTIFICATE_BASE64 }}\n        run: |\n          ${line}\n          security import "$RUNNER_TEMP/cert.p12" -k "$RUNNER_TEMP/app.keychain"\n      - run: gh release create "$GITHUB_REF_NAME" dist/*\n`,
      'release.yml',
    )

  it.each([
    'echo -n "$BUILD_CERTIFICATE_BASE64" | base64 --decode -o "$RUNNER_TEMP/cert.p12"',
    'echo -n "$BUILD_CERTIFICATE_BASE64" | base64 -d > "$RUNNER_TEMP/cert.p12"',
    'echo "$BUILD_CERTIFICATE_BASE64" | base64 -d | wc -c',
  ])('is not exfiltration: %s', (line) => {
    expect(ofRule(auditWorkflow(signing(line), { job: 'publish' }), 'secret-exfiltration')).toEqual([])
  })

  it('printing it decoded to the log still is', () => {
    expect(ofRule(auditWorkflow(signing('echo "$BUILD_CERTIFICATE_BASE64" | base64 -d'), { job: 'publish' }), 'secret-exfiltration').map((f) => f.severity)).toEqual(['error'])
  })
})

describe('runners', () => {
  const on = (label: string) =>
    parseWorkflow(
      `name: Release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  publish:\n    runs-on: ${label}\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: ${PIN.download}\n      - uses: ${PIN.pypi}\n`,
      'release.yml',
    )

  it.each(['ubuntu-24.04-xl', 'ubuntu-latest-4-cores', 'linux-arm-large', 'github-windows-2025-x86_64-8', 'ubuntu-22.04-16core'])('%s is a GitHub-hosted larger runner', (label) => {
    expect(ofRule(auditWorkflow(on(label), { job: 'publish' }), 'self-hosted-runner')).toEqual([])
  })

  it.each([
    ['depot-ubuntu-24.04', /a Depot runner/],
    ['blacksmith-4vcpu-ubuntu-2404', /a Blacksmith runner/],
    ['[self-hosted, linux, x64]', /self-hosted runner/],
    ['release-pool', /is not a label of GitHub's hosted runners/],
  ])('%s stays self-hosted', (label, why) => {
    const fs = ofRule(auditWorkflow(on(label), { job: 'publish' }), 'self-hosted-runner')
    expect(fs.map((f) => f.severity)).toEqual(['error'])
    expect(fs[0].message).toMatch(why)
  })

  it("an organisation allows its own runner labels, each with a reason, through the rule's config", () => {
    const config = parseConfig('rules:\n  self-hosted-runner:\n    config:\n      allow-labels:\n        - release-pool -- ephemeral, isolated runners that only run release jobs\n', '.github/release-gate.yml')
    expect(ofRule(auditWorkflow(on('release-pool'), { job: 'publish', config }), 'self-hosted-runner')).toEqual([])
    expect(ofRule(auditWorkflow(on('other-pool'), { job: 'publish', config }), 'self-hosted-runner')).toHaveLength(1)
  })

  it('rejects an allow-label without a reason, and an option the rule does not have', () => {
    expect(() => parseConfig('rules:\n  self-hosted-runner:\n    config:\n      allow-labels: [release-pool]\n', 'c.yml')).toThrow(/needs a reason/)
    expect(() => parseConfig('rules:\n  self-hosted-runner:\n    config:\n      allow: [release-pool]\n', 'c.yml')).toThrow(/has no option 'allow'; its options: allow-labels/)
  })
})

describe('local actions under a checkout path', () => {
  it('reads `./arrow/.github/actions/build` from the repository checked out into arrow/, and `./self` from its root', async () => {
    const r = await auditRepo('checkout-path', '.github/workflows/release.yml')
    expect(ofRule(r, 'check-failed')).toEqual([])
    expect(blocking(r)).toEqual([])
  })
})

describe('words', () => {
  const step = (uses: string, withs: string) =>
    parseWorkflow(
      `name: Release\non:\n  push:\n    branches: [main]\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-24.04\n    environment: nuget\n    steps:\n      - uses: ${uses}\n        with:\n${withs}      - run: dotnet nuget push "*.nupkg" --api-key "$NUGET_KEY"\n`,
      'release.yml',
    )

  it('names what setup-dotnet restores, not the input value', () => {
    const fs = ofRule(auditWorkflow(step('actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9 # v4.3.1', "          dotnet-version: '9.0.x'\n          cache: true\n"), { job: 'publish' }), 'cache-poisoning')
    expect(fs[0].message).toMatch(/restores the NuGet package cache/)
    expect(fs[0].message).not.toMatch(/true cache/)
  })

  it("does not say 'by default' of setup-uv's cache turned on explicitly", () => {
    const fs = ofRule(auditWorkflow(step('astral-sh/setup-uv@ae62891fec2bb8e7d6c99fc78c9fec3a63790f8d # v10.0.0', "          enable-cache: 'true'\n"), { job: 'publish' }), 'cache-poisoning')
    expect(fs[0].message).toMatch(/restores the uv cache in job/)
    expect(fs[0].message).not.toMatch(/by default|auto/)
  })

  it('tells slsa-github-generator users to allow its tag, since it cannot be SHA-pinned', () => {
    const wf = parseWorkflow(
      `name: Release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  provenance:\n    permissions:\n      actions: read\n      id-token: write\n      contents: write\n    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.1.0\n    with:\n      base64-subjects: abc\n`,
      'release.yml',
    )
    const fs = ofRule(auditWorkflow(wf, { job: 'provenance' }), 'unpinned-uses')
    expect(fs[0].message).toMatch(/verifies that it is called by a version tag/)
    expect(fs[0].fix).toMatch(/allow:.*slsa-framework\/slsa-github-generator\/\*/)
  })
})

describe('the sweep of real repositories, second pass', () => {
  it('a top-level write that every job overrides reaches no job: a warning (tox, cargo-binstall)', () => {
    const wf = parseWorkflow(pypiRelease('permissions:\n  contents: write\n', '    permissions:\n      contents: read\n'), 'release.yml')
    const fs = ofRule(auditWorkflow(wf, { job: 'publish' }), 'excessive-permissions')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/every job sets its own block, so none holds it today/)
  })

  it('goreleaser-action running `check` publishes nothing; running `release` publishes', () => {
    const gr = (args: string) =>
      parseWorkflow(`name: Build\non: pull_request\npermissions:\n  contents: read\njobs:\n  goreleaser:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${PIN.checkout}\n        with:\n          persist-credentials: false\n      - uses: goreleaser/goreleaser-action@e435ccd777264be153ace6237001ef4d979d3a7a # v6.4.0\n        with:\n          args: ${args}\n`, 'build.yml')
    expect(auditWorkflow(gr('check')).files[0].scope).toMatch(/no job publishes/)
    expect(auditWorkflow(gr('build --snapshot --clean')).files[0].scope).toMatch(/no job publishes/)
    expect(auditWorkflow(gr('release --clean')).files[0].targets).toEqual(['goreleaser'])
  })

  it('knows the repository bots: issue-labeler needs issues, `gh issue` needs issues', () => {
    const bot = (steps: string) =>
      parseWorkflow(`name: Label\non:\n  issues:\n    types: [opened]\npermissions: {}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    permissions:\n      issues: write\n    steps:\n${steps}`, 'label.yml')
    expect(ofRule(auditWorkflow(bot('      - uses: github/issue-labeler@c1b0f9f52a63158c4adc09425e858e87b32e9685 # v3.4\n        with:\n          configuration-path: .github/labeler.yml\n')), 'excessive-permissions')).toEqual([])
    expect(ofRule(auditWorkflow(bot('      - run: gh issue edit "$NUMBER" --add-label triage\n        env:\n          GH_TOKEN: ${{ github.token }}\n          NUMBER: ${{ github.event.issue.number }}\n')), 'excessive-permissions')).toEqual([])
  })

  it('pull_request_target with a read-only token and no secrets, where nothing publishes: said as a warning, in true words', () => {
    const wf = parseWorkflow(
      `name: PR title\non:\n  pull_request_target:\n    types: [opened, edited]\npermissions:\n  pull-requests: read\njobs:\n  main:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: amannn/action-semantic-pull-request@0723387faaf9b38adef4775cd42cfd5155ed6017 # v5.5.3\n        env:\n          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}\n`,
      'title.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'dangerous-triggers')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/a read-only token/)
    expect(fs[0].message).not.toMatch(/a write token/)
  })

  it('pull_request_target reaching secrets still blocks where nothing publishes (Kong checks)', () => {
    const r = auditWorkflow(parseWorkflow(readFileSync(join(FIXTURES, 'corpus/workflows/Kong__kubernetes-ingress-controller__checks__4168dd0e.yaml'), 'utf8'), 'checks.yaml'))
    expect(ofRule(r, 'dangerous-triggers').some((f) => f.severity === 'error')).toBe(true)
  })

  it('a composite action audited alone: its cache is a warning that says a calling release job restores it too', () => {
    const wf = parseWorkflow(`name: ccache\ndescription: restore ccache\nruns:\n  using: composite\n  steps:\n    - uses: actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0\n      with:\n        path: ~/.ccache\n        key: ccache-\${{ runner.os }}\n`, '.github/actions/ccache/action.yml')
    const fs = ofRule(auditWorkflow(wf), 'cache-poisoning')
    expect(fs.map((f) => f.severity)).toEqual(['warning'])
    expect(fs[0].message).toMatch(/in this composite action: a release job that calls it restores the cache too/)
    expect(fs[0].message).not.toMatch(/job `runs`/)
  })

  it('a called workflow audited alone and through its caller reports each finding once', async () => {
    const root = join(FIXTURES, 'precision', 'reusable')
    const opts = options()
    const parts = []
    for (const p of ['.github/workflows/release.yml', '.github/workflows/pypi.yml']) {
      const wf = parseWorkflow(readFileSync(join(root, p), 'utf8').replace(/ # v5\.0\.0$/m, '').replace('634f93cb2916e3fdff6788551b99b062d0335ce0', 'v5'), p)
      const local = await loadLocal(wf, { ...fsReader(root, (x) => x, 'the checkout'), read: async (x: string) => readFileSync(join(root, x), 'utf8').replace('634f93cb2916e3fdff6788551b99b062d0335ce0', 'v5') })
      parts.push(auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], local: local.local }, opts))
    }
    const fs = ofRule(buildReport(parts, [], opts), 'unpinned-uses')
    expect(fs.map((f) => `${f.file}:${f.line}`)).toEqual(['.github/workflows/pypi.yml:13'])
  })
})

describe("GitHub's own parser", () => {
  const bad = `name: Release\non:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-24.04\n    environment: pypi\n    permissions:\n      id-token: write\n    step:\n      - uses: ${PIN.pypi}\n`

  it('reports what GitHub refuses (a misspelt `steps:`), as an error from the CLI', () => {
    const fs = ofRule(auditWorkflow(parseWorkflow(bad, 'release.yml'), { githubParser: githubProblems }), 'invalid-workflow')
    expect(fs.some((f) => f.severity === 'error' && /GitHub's workflow parser refuses this/.test(f.message) && f.line === 12)).toBe(true)
  })

  it('the action does not run it (GitHub accepted the running workflow); given one, a difference is a warning', () => {
    expect(ofRule(auditWorkflow(parseWorkflow(bad, 'release.yml'), { job: 'publish', runtime: { runnerEnvironment: 'github-hosted' } }), 'invalid-workflow').filter((f) => /GitHub's workflow parser/.test(f.message))).toEqual([])
    const fs = ofRule(auditWorkflow(parseWorkflow(bad, 'release.yml'), { job: 'publish', runtime: { runnerEnvironment: 'github-hosted' }, githubParser: githubProblems }), 'invalid-workflow')
    const gh = fs.filter((f) => /GitHub's workflow parser/.test(f.message))
    expect(gh.length).toBeGreaterThan(0)
    expect(gh.every((f) => f.severity === 'warning')).toBe(true)
  })

  it('accepts the careful examples', () => {
    for (const f of ['pypi', 'npm', 'crates', 'rubygems', 'container', 'github-release', 'org-sweep']) {
      const wf = parseWorkflow(readFileSync(join(process.cwd(), 'examples', `${f}.yml`), 'utf8'), `${f}.yml`)
      expect([f, ofRule(auditWorkflow(wf, { githubParser: githubProblems }), 'invalid-workflow').map((x) => x.message)]).toEqual([f, []])
    }
  })
})
