/**
 * Sweeping an organisation: `audit --org` lists its repositories page by page through the API
 * (forks and archived ones only when asked), `--shard I/N` splits any list of repositories into
 * disjoint, complete and stable shares, and `merge` puts the shards' JSON reports back together.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { runCli } from '../src/cli.js'
import { shardOf } from '../src/org.js'
import { FakeGitHub } from './helpers/fake-github.js'
import { readFixture } from './helpers/audit.js'
import { serveActionsOf, sha } from './helpers/online.js'

const CI = 'name: CI\non: pull_request\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n'
const RELEASE = readFixture('workflows/unpinned-uses/positive.yml')

/** acme's repositories as /orgs/acme/repos lists them; `release` ones carry a failing release workflow. */
interface OrgRepo {
  name: string
  release: boolean
  fork?: boolean
  archived?: boolean
  disabled?: boolean
}
const REPOS: OrgRepo[] = [
  ...Array.from({ length: 9 }, (_, i) => ({ name: `svc-${i}`, release: i % 3 === 0 })),
  { name: 'old-tool', archived: true, release: true },
  { name: 'upstream-fork', fork: true, release: true },
  { name: 'frozen', disabled: true, release: true },
]
const PAGE = 4
/** shardOf(name, 4) for the names of the stability test, recorded when the hash was chosen. */
const RECORDED = [2, 2, 1, 1, 3, 4]

let gh: FakeGitHub
let orgPages = 0
let limited = false
beforeAll(async () => {
  gh = new FakeGitHub()
  REPOS.forEach((r, i) => {
    const full = `acme/${r.name}`
    gh.addRepo(full, { branches: { main: [sha(1000 + i)] } })
    gh.addFile(full, sha(1000 + i), '.github/workflows/ci.yml', CI)
    if (r.release) gh.addFile(full, sha(1000 + i), '.github/workflows/release.yml', RELEASE)
  })
  serveActionsOf(gh, RELEASE)
  // /orgs/acme/repos, PAGE at a time with Link headers, as GitHub pages it; /orgs/someone is a user
  gh.use((_req, res, url) => {
    if (url.pathname === '/orgs/someone/repos') return gh.notFound(res), true
    if (url.pathname === '/users/someone/repos') return gh.json(res, 200, [{ full_name: 'someone/dotfiles', default_branch: 'main', fork: false, archived: false }]), true
    if (url.pathname !== '/orgs/acme/repos') return false
    orgPages++
    if (limited) {
      gh.json(res, 403, { message: 'API rate limit exceeded for installation.' }, { 'x-ratelimit-remaining': '0' })
      return true
    }
    const page = Number(url.searchParams.get('page') ?? '1')
    const items = REPOS.slice((page - 1) * PAGE, page * PAGE).map((r) => ({ full_name: `acme/${r.name}`, name: r.name, default_branch: 'main', fork: !!r.fork, archived: !!r.archived, disabled: !!r.disabled, visibility: 'public' }))
    const last = Math.ceil(REPOS.length / PAGE)
    const link: Record<string, string> = page < last ? { link: `<${gh.url}/orgs/acme/repos?type=all&per_page=100&page=${page + 1}>; rel="next", <${gh.url}/orgs/acme/repos?type=all&per_page=100&page=${last}>; rel="last"` } : {}
    gh.json(res, 200, items, link)
    return true
  })
  gh.addRepo('someone/dotfiles', { branches: { main: [sha(5000)] } })
  gh.addFile('someone/dotfiles', sha(5000), '.github/workflows/ci.yml', CI)
  await gh.start()
})
afterAll(async () => gh.stop())

const env = () => ({ GH_TOKEN: gh.token, GITHUB_API_URL: gh.url })
type J = { verdict: string; files: Array<{ file: string }>; findings: Array<{ rule: string; file: string; line: number; blocking: boolean }>; skipped: Array<{ check: string; reason: string }> }
const audited = (j: J) => [...new Set(j.files.map((f) => f.file.split('/').slice(0, 2).join('/')))].sort()

describe('--shard: a stable partition by repository name', () => {
  const names = Array.from({ length: 600 }, (_, i) => `org-${i % 7}/repo-${i}`)
  it.each([1, 2, 3, 4, 7, 16])('into %i shards: every repository in exactly one, every shard used', (n) => {
    const by = names.map((x) => shardOf(x, n))
    for (const s of by) expect(s >= 1 && s <= n).toBe(true)
    const sizes = Array.from({ length: n }, (_, i) => by.filter((s) => s === i + 1).length)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(names.length)
    for (const size of sizes) expect(size).toBeGreaterThan(names.length / n / 2)
  })

  it('depends on the name alone: not the order, the other repositories, the case or the ref', () => {
    const first = new Map(names.map((x) => [x, shardOf(x, 5)]))
    const shuffled = [...names].reverse().filter((_, i) => i % 2 === 0)
    for (const x of shuffled) expect(shardOf(x, 5)).toBe(first.get(x))
    expect(shardOf('Acme/Repo-1', 5)).toBe(shardOf('acme/repo-1', 5))
    expect(shardOf('acme/repo-1@v2', 5)).toBe(shardOf('acme/repo-1', 5))
    // recorded: a change of hash would move repositories to other shards between runs
    expect(['acme/svc-0', 'acme/svc-1', 'acme/svc-2', 'acme/svc-3', 'numpy/numpy', 'pypa/pip'].map((x) => shardOf(x, 4))).toEqual(RECORDED)
  })
})

describe('audit --org', () => {
  it('lists every page of the organisation, leaves out forks, archived and disabled repositories, and says so', async () => {
    orgPages = 0
    const r = await runCli(['audit', '--org', 'acme', '--format', 'json'], env())
    const j = JSON.parse(r.stdout) as J
    expect(orgPages).toBe(3)
    expect(audited(j)).toEqual(Array.from({ length: 9 }, (_, i) => `acme/svc-${i}`))
    expect(j.skipped).toContainEqual({ check: 'audit 1 fork of acme', reason: 'left out: --include-forks audits them' })
    expect(j.skipped).toContainEqual({ check: 'audit 1 archived repository of acme', reason: 'left out: --include-archived audits them' })
    expect(r.code).toBe(1)
    expect(j.findings.filter((f) => f.blocking).map((f) => f.file.split('/')[1])).toEqual(expect.arrayContaining(['svc-0', 'svc-3', 'svc-6']))
  })

  it('--include-forks and --include-archived add them; disabled repositories never run anything', async () => {
    const j = JSON.parse((await runCli(['audit', '--org', 'acme', '--include-forks', '--include-archived', '--format', 'json'], env())).stdout) as J
    expect(audited(j)).toContain('acme/upstream-fork')
    expect(audited(j)).toContain('acme/old-tool')
    expect(audited(j)).not.toContain('acme/frozen')
  })

  it('falls back to a user of that name', async () => {
    const r = await runCli(['audit', '--org', 'someone', '--format', 'json'], env())
    expect(audited(JSON.parse(r.stdout))).toEqual(['someone/dotfiles'])
    expect(r.code).toBe(0)
  })

  it('stops cleanly at the rate limit while listing: blocks, and says what it could not list', async () => {
    limited = true
    try {
      const r = await runCli(['audit', '--org', 'acme', '--format', 'json'], env())
      const j = JSON.parse(r.stdout) as J & { findings: Array<{ message: string }> }
      expect(r.code).toBe(1)
      expect(j.findings).toHaveLength(1)
      expect(j.findings[0]).toMatchObject({ rule: 'check-failed', file: 'acme', blocking: true })
      expect(j.findings[0].message).toMatch(/list the repositories of acme.*rate limit/)
    } finally {
      limited = false
    }
  })

  it('--shard I/N: the shards together audit what one run audits, each repository once', async () => {
    const whole = JSON.parse((await runCli(['audit', '--org', 'acme', '--format', 'json'], env())).stdout) as J
    const parts: J[] = []
    for (const i of [1, 2, 3]) parts.push(JSON.parse((await runCli(['audit', '--org', 'acme', '--shard', `${i}/3`, '--format', 'json'], env())).stdout) as J)
    const each = parts.map(audited)
    expect(each.flat().sort()).toEqual(audited(whole))
    expect(new Set(each.flat()).size).toBe(each.flat().length)
    expect(parts[0].skipped.find((s) => s.check === 'shard 1/3')?.reason).toMatch(new RegExp(`^${each[0].length} of 9 repositories audited here`))
    // the same split on the next run
    const again = JSON.parse((await runCli(['audit', '--org', 'acme', '--shard', '1/3', '--format', 'json'], env())).stdout) as J
    expect(audited(again)).toEqual(each[0])
  })
})

describe('merge', () => {
  async function shardReports(n: number): Promise<string[]> {
    const dir = mkdtempSync(join(tmpdir(), 'rg-merge-'))
    const files: string[] = []
    for (let i = 1; i <= n; i++) {
      const f = join(dir, `part-${i}.json`)
      writeFileSync(f, (await runCli(['audit', '--org', 'acme', '--shard', `${i}/${n}`, '--format', 'json'], env())).stdout)
      files.push(f)
    }
    return files
  }

  it('merges shard reports into the report of one run; exit 1 when any part blocks', async () => {
    const whole = JSON.parse((await runCli(['audit', '--org', 'acme', '--format', 'json'], env())).stdout) as J
    const files = await shardReports(3)
    const m = await runCli(['merge', ...files, '--format', 'json'], {})
    expect(m.code).toBe(1)
    const j = JSON.parse(m.stdout) as J
    expect(j.verdict).toBe('fail')
    const key = (f: J['findings'][number]) => `${f.file}:${f.line}:${f.rule}:${f.blocking}`
    expect(j.findings.map(key).sort()).toEqual(whole.findings.map(key).sort())
    expect(audited(j)).toEqual(audited(whole))
    // SARIF and the summary from the same merge
    expect(JSON.parse((await runCli(['merge', ...files, '--format', 'sarif'], {})).stdout).runs[0].results).toHaveLength(j.findings.length)
    const md = (await runCli(['merge', ...files, '--format', 'markdown'], {})).stdout
    expect(md.split('\n')[0]).toMatch(/^## ❌ Release blocked: \d+ blocking findings/)
    expect(md).toContain('| [unpinned-uses](')
  })

  it('exit 0 when no part blocks; --summary appends the job summary to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-merge-'))
    const f = join(dir, 'someone.json')
    writeFileSync(f, (await runCli(['audit', '--org', 'someone', '--format', 'json'], env())).stdout)
    const summary = join(dir, 'summary.md')
    writeFileSync(summary, '# before\n')
    const m = await runCli(['merge', f, f, '--summary', summary], {})
    expect(m.code).toBe(0)
    expect(m.stdout).toMatch(/^PASS: no findings$/m)
    const written = readFileSync(summary, 'utf8')
    expect(written.startsWith('# before\n## ✅ Release gate passed: no findings\n')).toBe(true)
    // the same report twice counts once
    expect(written).toContain('\nAudited `someone/dotfiles/.github/workflows/ci.yml`: guarding `test`.\n')
  })

  it('refuses what is not a report: exit 2 with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rg-merge-'))
    const bad = join(dir, 'bad.json')
    for (const [text, re] of [
      ['not json', /bad\.json: not JSON/],
      ['{"version": 2, "files": [], "findings": []}', /bad\.json: not a release-gate JSON report/],
      ['{"version": 1, "files": [], "findings": [{"rule": "x"}]}', /bad\.json: findings\[0\] has no message/],
    ] as const) {
      writeFileSync(bad, text)
      const r = await runCli(['merge', bad], {})
      expect(r.code).toBe(2)
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(re)
    }
  })
})
