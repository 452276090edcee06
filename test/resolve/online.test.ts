/**
 * The online checks against a loopback fake of GitHub's REST API: transitive pins with the
 * chain, impostor commits, stale version comments, environments, advisories, faults, and
 * the request count.
 */
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { FakeGitHub } from '../helpers/fake-github.js'
import { options, ofRule } from '../helpers/audit.js'
import { auditTarget, buildReport } from '../../src/engine.js'
import type { AuditTarget, Report } from '../../src/engine.js'
import { GitHubApi } from '../../src/resolve/github.js'
import { goOnline } from '../../src/resolve/index.js'
import { parseWorkflow } from '../../src/workflow/model.js'

const sha = (n: number) => n.toString(16).padStart(40, 'a')
const A1 = sha(1)
const A2 = sha(2)
const B1 = sha(3)
const FORK = sha(4)

let gh: FakeGitHub
beforeEach(async () => {
  gh = new FakeGitHub()
  gh.addRepo('org/a', { branches: { main: [A1, A2] }, tags: { 'v1.0.0': A1, 'v1.1.0': A2 }, forkCommits: [FORK] })
  gh.addRepo('org/b', { branches: { main: [B1] }, tags: { v2: B1, 'v2.0.0': B1 } })
  gh.addFile('org/a', A2, 'action.yml', 'name: a\ndescription: composite\nruns:\n  using: composite\n  steps:\n    - uses: org/b@v2\n    - run: echo hi\n      shell: bash\n')
  gh.addFile('org/a', A1, 'action.yml', 'name: a\ndescription: node\nruns:\n  using: node24\n  main: index.js\n')
  gh.addFile('org/a', FORK, 'action.yml', 'name: a\ndescription: node\nruns:\n  using: node24\n  main: index.js\n')
  gh.addFile('org/b', B1, 'action.yml', 'name: b\ndescription: docker\nruns:\n  using: docker\n  image: docker://ghcr.io/org/b:2\n')
  await gh.start()
})
afterEach(async () => gh.stop())

function wf(steps: string[], env = 'pypi'): string {
  return [
    'name: Release',
    'on:',
    '  push:',
    "    tags: ['v*']",
    'permissions: {}',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    `    environment: ${env}`,
    '    permissions:',
    '      id-token: write',
    '    steps:',
    ...steps.map((s) => `      - uses: ${s}`),
    '      - run: uv publish',
    '',
  ].join('\n')
}

async function online(text: string, api?: GitHubApi): Promise<{ report: Report; api: GitHubApi; t: AuditTarget }> {
  const a = api ?? new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 5 })
  const w = parseWorkflow(text, '.github/workflows/release.yml')
  const t: AuditTarget = { file: w.file, workflow: w, source: 'api', failures: [], jobId: 'publish' }
  await goOnline(t, { api: a, repository: { owner: 'octo', repo: 'demo' } })
  const opts = options()
  return { report: buildReport([auditTarget(t, opts)], [], opts), api: a, t }
}

describe('unpinned-transitive-uses', () => {
  it('follows a SHA-pinned composite to a tag-pinned action and names the whole chain', async () => {
    const { report } = await online(wf([`org/a@${A2} # v1.1.0`]))
    const f = ofRule(report, 'unpinned-transitive-uses').find((x) => x.subject === 'org/b@v2')!
    expect(f).toMatchObject({ line: 13, column: 15, job: 'publish', severity: 'error' })
    expect(f.chain).toEqual(['release.yml', 'publish', `org/a@${A2}`, 'org/b@v2'])
    expect(f.message).toMatch(/uses `org\/b@v2`, pinned to a tag/)
  })

  it('reports a Docker action whose image is not a digest', async () => {
    const { report } = await online(wf([`org/a@${A2} # v1.1.0`]))
    const f = ofRule(report, 'unpinned-transitive-uses').find((x) => x.subject === 'docker://ghcr.io/org/b:2')!
    expect(f.chain).toEqual(['release.yml', 'publish', `org/a@${A2}`, 'org/b@v2', 'docker://ghcr.io/org/b:2'])
  })

  it('is quiet for a node action pinned by SHA', async () => {
    gh.environments.set('octo/demo:pypi', { reviewers: 1, preventSelfReview: true, branchPolicy: 'protected', canAdminsBypass: false })
    const { report } = await online(wf([`org/a@${A1} # v1.0.0`]))
    expect(ofRule(report, 'unpinned-transitive-uses')).toEqual([])
    expect(report.findings.filter((f) => f.blocking).map((f) => f.message)).toEqual([])
  })
})

describe('impostor-commit', () => {
  it('flags a SHA that only a fork of the network has', async () => {
    const { report } = await online(wf([`org/a@${FORK}`]))
    const f = ofRule(report, 'impostor-commit')
    expect(f).toHaveLength(1)
    expect(f[0].message).toMatch(/no branch or tag of `org\/a` contains/)
    expect(gh.requests.some((r) => r.path.startsWith(`/repos/org/a/compare/main...${FORK}`))).toBe(true)
  })

  it('accepts a commit inside the default branch that is no tip (compare says behind)', async () => {
    gh.addRepo('org/c', { branches: { main: [sha(10), sha(11), sha(12)] }, tags: {} })
    gh.addFile('org/c', sha(11), 'action.yml', 'name: c\ndescription: x\nruns:\n  using: node24\n  main: i.js\n')
    const { report } = await online(wf([`org/c@${sha(11)}`]))
    expect(ofRule(report, 'impostor-commit')).toEqual([])
  })

  it('fails closed when reachability cannot be decided', async () => {
    gh.use((_req, res, url) => (url.pathname === '/repos/org/a/tags' ? (gh.json(res, 500, { message: 'Server Error' }), true) : false))
    const { report } = await online(wf([`org/a@${A1}`]), new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 1, retries: 1 }))
    const f = ofRule(report, 'check-failed').find((x) => /is on a branch or tag/.test(x.message))!
    expect(f).toMatchObject({ blocking: true, line: 13 })
    expect(report.verdict).toBe('fail')
  })
})

describe('impostor-commit, with many refs', () => {
  // a maintenance release: tagged, on no branch any more (release-1.x was deleted after the
  // release), behind 150 newer tags so that its tag is on the second page of /tags
  const M1 = sha(0x501)
  function manyTags(): void {
    const tags: Record<string, string> = { 'v1.0.5': M1 }
    const main: string[] = []
    for (let i = 0; i < 150; i++) {
      main.push(sha(0x1000 + i))
      tags[`v2.${i}.0`] = sha(0x1000 + i)
    }
    // the fake lists tags newest first: v1.0.5 was created first, so it comes last
    gh.addRepo('org/m', { branches: { main }, tags })
    gh.addFile('org/m', M1, 'action.yml', 'name: m\ndescription: n\nruns:\n  using: node24\n  main: i.js\n')
  }

  it('is not fooled by a tag on page 2 off the default branch (no comment: tags are listed page by page)', async () => {
    manyTags()
    const { report } = await online(wf([`org/m@${M1}`]))
    expect(ofRule(report, 'impostor-commit')).toEqual([])
    expect(ofRule(report, 'check-failed')).toEqual([])
    expect(gh.requests.some((r) => r.path.startsWith('/repos/org/m/tags') && /[?&]page=2\b/.test(r.path))).toBe(true)
  })

  it("looks the version comment's tag up directly first", async () => {
    manyTags()
    const { report } = await online(wf([`org/m@${M1} # v1.0.5`]))
    expect(ofRule(report, 'impostor-commit')).toEqual([])
    expect(ofRule(report, 'ref-version-mismatch')).toEqual([])
    expect(gh.requests.some((r) => r.path === '/repos/org/m/commits/tags/v1.0.5')).toBe(true)
    expect(gh.requests.some((r) => r.path.startsWith('/repos/org/m/compare/'))).toBe(false)
  })

  it('says what it did not look at instead of calling a commit an impostor', async () => {
    // 30 branches, none containing the fork's commit: more than the compare bound
    const branches: Record<string, string[]> = {}
    for (let i = 0; i < 30; i++) branches[i === 0 ? 'main' : `b${i}`] = [sha(0x2000 + i)]
    gh.addRepo('org/wide', { branches, tags: {}, forkCommits: [sha(0x2fff)] })
    gh.addFile('org/wide', sha(0x2fff), 'action.yml', 'name: w\ndescription: n\nruns:\n  using: node24\n  main: i.js\n')
    const { report } = await online(wf([`org/wide@${sha(0x2fff)}`]))
    expect(ofRule(report, 'impostor-commit')).toEqual([])
    const f = ofRule(report, 'check-failed').find((x) => /is on a branch or tag/.test(x.message))!
    expect(f.message).toMatch(/no branch or tag looked at contains it, but 10 of its 30 branches and tags were not compared \(limit 20\)/)
    expect(f.blocking).toBe(true)
  })
})

describe('ref-version-mismatch', () => {
  it('an outage is a check that could not run, not "no such tag"', async () => {
    gh.use((_req, res, url) => (url.pathname.startsWith('/repos/org/a/commits/tags/') ? (gh.json(res, 503, { message: 'Service Unavailable' }), true) : false))
    const { report } = await online(wf([`org/a@${A1} # v1.0.0`]), new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 1, retries: 1 }))
    expect(ofRule(report, 'ref-version-mismatch')).toEqual([])
    const f = ofRule(report, 'check-failed').find((x) => x.message.startsWith('could not look up tag v1.0.0 of org/a'))!
    expect(f.message).toMatch(/HTTP 503/)
    expect(f).toMatchObject({ blocking: true, line: 13 })
    expect(report.findings.map((x) => x.message).join('\n')).not.toMatch(/no (such )?tag/)
  })

  it('a tag that does not exist is reported, and the fix does not ask for the comment it already has', async () => {
    gh.addRepo('org/n', { branches: { main: [sha(0x600)] }, tags: {} })
    gh.addFile('org/n', sha(0x600), 'action.yml', 'name: n\ndescription: n\nruns:\n  using: node24\n  main: i.js\n')
    const { report } = await online(wf([`org/n@${sha(0x600)} # v9.9.9`]))
    const f = ofRule(report, 'ref-version-mismatch')
    expect(f.map((x) => x.message)).toEqual(['the comment says `v9.9.9`, but `org/n` has no tag `v9.9.9`'])
    expect(f[0].fix).not.toContain('# v9.9.9')
    expect(f[0].fix).toMatch(/No tag of org\/n points at/)
  })


  it('warns when the version comment names another commit', async () => {
    const { report } = await online(wf([`org/a@${A1} # v1.1.0`]))
    const f = ofRule(report, 'ref-version-mismatch')
    expect(f).toHaveLength(1)
    expect(f[0].severity).toBe('warning')
    expect(f[0].message).toBe(`the comment says \`v1.1.0\`, but \`v1.1.0\` is commit \`${A2.slice(0, 12)}\`, not the pinned \`${A1.slice(0, 12)}\` (which is \`v1.0.0\`)`)
  })

  it('catches a moved tag although the workflow text did not change', async () => {
    const text = wf([`org/a@${A1} # v1.0.0`])
    expect(ofRule((await online(text)).report, 'ref-version-mismatch')).toEqual([])
    gh.repos.get('org/a')!.tags['v1.0.0'] = A2 // someone moves the tag
    expect(ofRule((await online(text)).report, 'ref-version-mismatch')).toHaveLength(1)
  })
})

describe('unprotected-environment', () => {
  it.each([
    [undefined, ['error: environment `pypi` does not exist: GitHub creates it on first use, with no protection rules']],
    [{ reviewers: 0, branchPolicy: null, canAdminsBypass: false }, ['error: environment `pypi` has no deployment branch or tag rule: a workflow on any branch can deploy to it', 'error: environment `pypi` has no required reviewers: nobody approves a release']],
    [{ reviewers: 2, preventSelfReview: false, branchPolicy: [{ name: 'v*', type: 'tag' as const }], canAdminsBypass: false }, ['error: environment `pypi` lets whoever started the run approve it']],
    [{ reviewers: 2, preventSelfReview: true, branchPolicy: [{ name: 'v*', type: 'tag' as const }], canAdminsBypass: true }, ['warning: administrators can bypass the protection rules of environment `pypi`']],
    [{ reviewers: 1, preventSelfReview: true, branchPolicy: 'protected' as const, canAdminsBypass: false }, []],
  ])('environment %j', async (env, expected) => {
    if (env) gh.environments.set('octo/demo:pypi', env)
    const { report } = await online(wf([`org/a@${A1} # v1.0.0`]))
    expect(ofRule(report, 'unprotected-environment').map((f) => `${f.severity}: ${f.message}`)).toEqual(expected)
  })
})

describe('known-vulnerable-actions', () => {
  it('flags an action at a version covered by an advisory, found through the tag on the pinned commit', async () => {
    gh.advisories.push({ ghsa_id: 'GHSA-mrrh-fwg8-r2c3', summary: 'tj-actions changed-files through 45.0.7 allows remote attackers to discover secrets by reading actions logs', severity: 'high', package: 'org/a', affected: ['1.0.0'], range: '< 1.1.0', patched: '1.1.0' })
    const { report } = await online(wf([`org/a@${A1}`]))
    const f = ofRule(report, 'known-vulnerable-actions')
    expect(f).toHaveLength(1)
    expect(f[0].message).toMatch(/^`org\/a` `v1\.0\.0` is covered by GHSA-mrrh-fwg8-r2c3 \(high\)/)
    expect(f[0].fix).toBe('Update to 1.1.0 or later, pinned by its full SHA.')
    expect(gh.requests.some((r) => r.path === '/advisories?ecosystem=actions&affects=org%2Fa%401.0.0&per_page=100')).toBe(true)
  })
})

describe('budget and faults', () => {
  it('resolves 20 actions whose composites use 20 more with one content request per distinct action@sha', async () => {
    const steps: string[] = []
    for (let i = 0; i < 20; i++) {
      const top = sha(100 + i)
      const leaf = sha(200 + i)
      gh.addRepo(`o/top${i}`, { branches: { main: [top] }, tags: { 'v1.0.0': top } })
      gh.addRepo(`o/leaf${i}`, { branches: { main: [leaf] }, tags: { 'v1.0.0': leaf } })
      gh.addFile(`o/top${i}`, top, 'action.yml', `name: t\ndescription: c\nruns:\n  using: composite\n  steps:\n    - uses: o/leaf${i}@${leaf} # v1.0.0\n    - uses: o/leaf${(i + 1) % 20}@${sha(200 + ((i + 1) % 20))} # v1.0.0\n`)
      gh.addFile(`o/leaf${i}`, leaf, 'action.yml', 'name: l\ndescription: n\nruns:\n  using: node24\n  main: i.js\n')
      steps.push(`o/top${i}@${top} # v1.0.0`)
    }
    const { t } = await online(wf(steps))
    const content = gh.requests.filter((r) => r.path.includes('/contents/'))
    expect(t.resolved!.nodes.size).toBe(40)
    expect(content.length).toBe(40)
    expect(new Set(content.map((r) => r.path)).size).toBe(40)
  })

  it('retries a 502 and still resolves', async () => {
    let n = 0
    gh.use((_req, res, url) => (url.pathname.endsWith('/contents/action.yml') && n++ === 0 ? (gh.json(res, 502, { message: 'Bad Gateway' }), true) : false))
    const { report } = await online(wf([`org/a@${A2} # v1.1.0`]))
    expect(ofRule(report, 'check-failed')).toEqual([])
    expect(ofRule(report, 'unpinned-transitive-uses').length).toBeGreaterThan(0)
  })

  it('reports a 403 rate limit as a check that could not run, naming the action', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 3600)
    gh.use((_req, res, url) => (url.pathname === '/repos/org/b/contents/action.yml' ? (gh.json(res, 403, { message: 'API rate limit exceeded for installation.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), true) : false))
    const { report } = await online(wf([`org/a@${A2} # v1.1.0`]), new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 1, budgetMs: 3000 }))
    const f = ofRule(report, 'check-failed').find((x) => x.message.startsWith('could not resolve org/b@v2'))!
    expect(f.message).toMatch(/rate limit reached/)
    expect(f.line).toBe(13)
    expect(report.verdict).toBe('fail')
  })
})
