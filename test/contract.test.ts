/**
 * GitHub's REST contract: every request the gate makes is an operation GitHub's OpenAPI
 * description (@octokit/openapi, pinned) documents, with documented parameters, and every
 * answer the test fakes give validates against that operation's response schema. The gate is
 * driven through every path that calls the API (resolution, reachability, tags, environments,
 * advisories, lock ids, git trees, tarballs, artifacts, workflow listing); a source scan makes
 * sure no API call in src/ is left out of this test.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import type { AddressInfo } from 'node:net'
import { FakeGitHub } from './helpers/fake-github.js'
import { CodeHost } from './helpers/codehost.js'
import { makeZip } from './helpers/zip.js'
import { contractErrors, openapi, operationOf } from './helpers/contract.js'
import { GitHubApi } from '../src/resolve/github.js'
import { goOnline } from '../src/resolve/index.js'
import { parseActionsLock, lockedClosure } from '../src/resolve/lockfile.js'
import { checkGitTree } from '../src/resolve/integrity.js'
import { TarballHasher } from '../src/lock.js'
import { downloadArtifact } from '../src/attest/index.js'
import { apiReader } from '../src/context/local.js'
import { parseWorkflow } from '../src/workflow/model.js'
import type { AuditTarget } from '../src/engine.js'
import type { LockFacts } from '../src/resolve/locks.js'

const sha = (n: number) => n.toString(16).padStart(40, 'c')
const A1 = sha(1)
const A2 = sha(2)
const B1 = sha(3)
const FORK = sha(4)
const W1 = sha(5)
const R1 = sha(6)
const R2 = sha(7)

let gh: FakeGitHub
let host: CodeHost

beforeAll(async () => {
  gh = new FakeGitHub()
  host = new CodeHost(gh)
  const tags: Record<string, string> = { 'v1.0.0': A1 }
  for (let i = 0; i < 120; i++) tags[`v0.${i}.0`] = A1
  tags['v1.1.0'] = A2
  gh.addRepo('org/a', { branches: { main: [A1, A2], 'release/1.x': [R1, R2] }, tags, forkCommits: [FORK] })
  gh.addRepo('org/b', { branches: { main: [B1] }, tags: { v2: B1 } })
  gh.addRepo('octo/demo', { branches: { main: [W1] }, tags: {} })
  host.add('org', 'a', A1, { 'action.yml': 'name: a\ndescription: n\nruns:\n  using: node24\n  main: dist/index.js\n', 'dist/index.js': 'a()\n', '.gitattributes': 'tests/ export-ignore\n', 'tests/t.js': 't()\n' })
  host.add('org', 'a', A2, { 'action.yml': 'name: a\ndescription: c\nruns:\n  using: composite\n  steps:\n    - uses: org/b@v2\n' })
  host.add('org', 'a', R1, { 'action.yml': 'name: a\ndescription: n\nruns:\n  using: node24\n  main: i.js\n' })
  host.add('org', 'a', FORK, { 'action.yml': 'name: a\ndescription: n\nruns:\n  using: node24\n  main: i.js\n' })
  host.add('org', 'b', B1, { 'action.yml': 'name: b\ndescription: n\nruns:\n  using: node24\n  main: i.js\n' })
  host.add('octo', 'demo', W1, { '.github/workflows/release.yml': 'on: push\n', '.github/workflows/ci.yaml': 'on: push\n', '.github/workflows/README.md': 'x\n' })
  gh.environments.set('octo/demo:release', { reviewers: 1, preventSelfReview: true, canAdminsBypass: false, branchPolicy: Array.from({ length: 110 }, (_, i) => ({ name: `v${i}.*`, type: 'tag' as const })) })
  gh.advisories.push({ ghsa_id: 'GHSA-aaaa-bbbb-cccc', summary: 'org/a leaks the token', severity: 'high', package: 'org/a', affected: ['1.0.0'], range: '< 1.1.0', patched: '1.1.0' })
  // a run's artifacts, listed page by page, each ZIP behind a redirect to blob storage
  const zip = makeZip([{ name: 'demo-1.0.0-py3-none-any.whl', data: 'wheel' }])
  gh.use((_req, res, url) => {
    if (url.pathname === '/repos/octo/demo/actions/runs/4242/artifacts') {
      const list = Array.from({ length: 130 }, (_, i) => ({ id: i + 1, name: i === 129 ? 'dist' : `logs-${i}` }))
      gh.paged(
        res,
        url,
        list
          .filter((a) => !url.searchParams.get('name') || a.name === url.searchParams.get('name') || url.searchParams.get('name') === 'dist')
          .map((a) => ({
            id: a.id,
            node_id: `MDg6QXJ0aWZhY3Q${a.id}`,
            name: a.name,
            size_in_bytes: zip.length,
            url: `${gh.url}/repos/octo/demo/actions/artifacts/${a.id}`,
            archive_download_url: `${gh.url}/repos/octo/demo/actions/artifacts/${a.id}/zip`,
            expired: false,
            created_at: '2026-01-01T00:00:00Z',
            expires_at: '2026-04-01T00:00:00Z',
            updated_at: '2026-01-01T00:00:00Z',
            digest: null,
            workflow_run: { id: 4242, repository_id: 1, head_repository_id: 1, head_branch: 'main', head_sha: W1 },
          })),
        'artifacts',
      )
      return true
    }
    if (url.pathname === '/repos/octo/demo/actions/artifacts/130/zip') {
      res.writeHead(302, { location: `${gh.url}/_blob/130.zip?sig=x`, 'content-length': '0' })
      res.end()
      return true
    }
    if (url.pathname === '/_blob/130.zip') {
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': String(zip.length) })
      res.end(zip)
      return true
    }
    return false
  })
  await gh.start()
  expect((gh as unknown as { server: { address(): AddressInfo } }).server.address().port).toBeGreaterThan(0)

  const api = new GitHubApi({ baseUrl: gh.url, token: gh.token, backoffMs: 1 })
  // resolution, reachability (tag comment, then pages of tags and branches, compare), tags,
  // environment and its branch policies, advisories, and the lock's repository ids
  const text = [
    'on: push',
    'jobs:',
    '  publish:',
    '    runs-on: ubuntu-latest',
    '    environment: release',
    '    steps:',
    `      - uses: org/a@${A1} # v1.0.0`,
    `      - uses: org/a@${R1}`, // on a maintenance branch, no tag: pages of tags and branches, then compare
    `      - uses: org/a@${A2} # v1.1.0`,
    '',
  ].join('\n')
  const wf = parseWorkflow(text, '.github/workflows/release.yml')
  const t: AuditTarget = { file: wf.file, workflow: wf, source: 'api', failures: [], jobId: 'publish' }
  const r = gh.repos.get('org/b')!
  const lockText = `version: 'v0.0.2'\nworkflows:\n    '.github/workflows/release.yml':\n        - 'org/b@v2'\ndependencies:\n    'org/b@v2':\n        ref: 'v2'\n        commit: 'sha1-${B1}'\n        owner_id: ${r.ownerId}\n        repo_id: ${r.id}\n`
  const actionsLock = parseActionsLock(lockText)
  const lock: LockFacts = { actionsLock, onboarded: true, closure: lockedClosure(actionsLock, '.github/workflows/release.yml')!, required: false }
  await goOnline(t, { api, repository: { owner: 'octo', repo: 'demo' }, lock })
  expect(t.failures).toEqual([])
  // git trees, whole and directory by directory, and .gitattributes through the contents API
  const dir = mkdtempSync(join(tmpdir(), 'rg-contract-'))
  await checkGitTree(api, 'org/a@v1.0.0', dir, 'org', 'a', A1)
  host.truncate = true
  await checkGitTree(api, 'org/a@v1.0.0', dir, 'org', 'a', A1)
  // a tarball, through GitHub's redirect
  expect(await new TarballHasher(api).hash('org', 'a', A1)).toMatch(/^[A-Za-z0-9+/]{43}=$/)
  // an artifact on the second page of the run's list
  expect(await downloadArtifact(api, 'octo/demo', '4242', 'dist', join(dir, 'dist'))).toEqual(['demo-1.0.0-py3-none-any.whl'])
  // the workflows of a repository at a commit
  expect((await apiReader(api, 'octo', 'demo', W1).listWorkflows()).sort()).toEqual(['.github/workflows/ci.yaml', '.github/workflows/release.yml'])
})
afterAll(async () => gh.stop())

/** The exchanges with the API itself (not the redirect targets on other hosts). */
const apiExchanges = () => gh.exchanges.filter((x) => !/^\/_(codeload|blob)\//.test(x.path))

describe("GitHub's REST contract", () => {
  it('pins a version of the description', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }
    expect(pkg.devDependencies['@octokit/openapi']).toMatch(/^\d+\.\d+\.\d+$/)
    expect(openapi().info.version).toMatch(/^\d/)
  })

  it('every request is a documented operation with documented parameters, and every answer validates', () => {
    expect(apiExchanges().length).toBeGreaterThan(20)
    expect(apiExchanges().flatMap(contractErrors)).toEqual([])
  })

  it('the check catches a fake that drifts', () => {
    const tag = apiExchanges().find((x) => /\/repos\/org\/a\/tags/.test(x.path))!
    const body = JSON.parse(tag.body.toString('utf8')) as Array<Record<string, unknown>>
    delete body[0].node_id
    expect(contractErrors({ ...tag, body: Buffer.from(JSON.stringify(body)) })).toEqual([expect.stringMatching(/repos\/list-tags 200\): \/0 must have required property 'node_id'/)])
    expect(contractErrors({ ...tag, path: '/repos/org/a/tags?per_page=100&sort=name' })).toEqual([expect.stringMatching(/query parameter 'sort' is not documented/)])
    expect(contractErrors({ ...tag, path: '/repos/org/a/taggs' })).toEqual([expect.stringMatching(/not an operation GitHub documents/)])
    expect(contractErrors({ ...tag, path: '/repos/org/a/tarball/main', status: 200 })).toEqual([expect.stringMatching(/HTTP 200 is not a response repos\/download-tarball-archive documents \(302\)/)])
  })

  it('covers every endpoint the gate calls', () => {
    const used = new Set(apiExchanges().map((x) => operationOf(x.method, x.path)?.op.operationId))
    const expected = [
      'repos/get-commit', // a ref's commit; a version comment's tag (tags/…)
      'repos/get-content', // action.yml, workflows, .gitattributes; the workflows folder
      'repos/list-tags',
      'repos/list-branches',
      'repos/get', // default branch; the ids actions.lock recorded
      'repos/compare-commits-with-basehead',
      'repos/get-environment',
      'repos/list-deployment-branch-policies',
      'security-advisories/list-global-advisories',
      'git/get-tree',
      'repos/download-tarball-archive',
      'actions/list-workflow-run-artifacts',
      'actions/download-artifact',
    ]
    expect([...used].sort()).toEqual([...expected].sort())
    // every API path written in src/ is one of these operations
    const literals: string[] = []
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f)
        if (statSync(p).isDirectory()) walk(p)
        else if (p.endsWith('.ts') && !p.endsWith('.generated.ts')) literals.push(...apiLiterals(readFileSync(p, 'utf8')))
      }
    }
    walk('src')
    expect(literals.length).toBeGreaterThan(10)
    const unknown = literals.filter((l) => !expected.includes(operationOf('GET', l)?.op.operationId ?? ''))
    expect(unknown).toEqual([])
  })
})

/**
 * The API paths in a source file: template literals starting `/repos/` or `/advisories`, with
 * each `${…}` replaced by a sample value.
 */
function apiLiterals(src: string): string[] {
  const out: string[] = []
  const re = /`\/(repos|advisories)[/?`$]/g
  for (let m = re.exec(src); m; m = re.exec(src)) {
    let i = m.index + 1
    let s = ''
    for (; i < src.length && src[i] !== '`'; i++) {
      if (src[i] === '$' && src[i + 1] === '{') {
        let depth = 1
        let expr = ''
        i += 2
        for (; i < src.length && depth > 0; i++) {
          if (src[i] === '{') depth++
          else if (src[i] === '}') depth--
          else if (src[i] === '`') {
            // a nested template literal: skip to its end
            for (i++; i < src.length && src[i] !== '`'; i++);
          }
          if (depth > 0) expr += src[i]
        }
        i--
        // `${repository}` and `${r}` are owner/repo in one; `${what}` picks tags or branches
        s += /^(repository|r)$/.test(expr.trim()) ? 'x/x' : expr.trim() === 'what' ? 'tags' : 'x'
      } else s += src[i]
    }
    out.push(s)
  }
  return out
}
