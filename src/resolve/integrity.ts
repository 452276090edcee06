/**
 * Is what the runner downloaded the locked code? The runner unpacks each repository action of
 * the job, before the first step, into `$RUNNER_WORKSPACE/../_actions/{owner}/{repo}/{ref}`
 * with a `{ref}.completed` marker beside it. Two ways to know it is the locked content:
 * (1) ghasum's h1 over the directory equals `gha.sum`; (2) every file's git blob SHA-1, path
 * and kind equal the locked commit's tree, allowing for `export-ignore`/`export-subst`
 * (.gitattributes), submodules, LFS files, symlinks, and truncated tree listings.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { globToRegExp } from '../attest/glob.js'
import type { GitHubApi } from './github.js'
import { hashDir, readTree } from './dirhash.js'

export { actionsRoot } from './actions-root.js'

export interface IntegrityResult {
  /** `owner/repo@ref` as written */
  id: string
  dir: string
  method: 'gha.sum' | 'git-tree'
  /** the commit compared against (git-tree) */
  commit?: string
  ok: boolean
  expected?: string
  actual?: string
  extra: string[]
  missing: string[]
  changed: string[]
  /** why it could not be decided */
  error?: string
  notes: string[]
}


export function actionDir(root: string, owner: string, repo: string, ref: string): { dir: string; completed: boolean } | undefined {
  for (const [o, r] of [
    [owner, repo],
    [owner.toLowerCase(), repo.toLowerCase()],
  ]) {
    const dir = join(root, o, r, ref)
    if (existsSync(dir)) return { dir, completed: existsSync(join(root, o, r, `${ref}.completed`)) }
  }
  return undefined
}

export async function checkGhaSum(id: string, dir: string, expected: string): Promise<IntegrityResult> {
  const base: IntegrityResult = { id, dir, method: 'gha.sum', ok: false, expected, extra: [], missing: [], changed: [], notes: [] }
  try {
    const actual = await hashDir(dir)
    return { ...base, actual, ok: actual === expected }
  } catch (e) {
    return { ...base, error: e instanceof Error ? e.message : String(e) }
  }
}

interface TreeEntry {
  path: string
  mode: string
  type: 'blob' | 'tree' | 'commit'
  sha: string
}

/** A commit's full tree; falls back to walking sub-trees when the recursive listing is truncated. */
export async function commitTree(api: GitHubApi, owner: string, repo: string, commit: string, maxRequests = 200): Promise<TreeEntry[]> {
  const r = await api.getJson<{ tree: TreeEntry[]; truncated?: boolean }>(`/repos/${owner}/${repo}/git/trees/${commit}?recursive=1`)
  if (!r) throw new Error(`${owner}/${repo} has no commit ${commit}`)
  if (!r.data.truncated) return r.data.tree
  const out: TreeEntry[] = []
  let requests = 0
  const walk = async (sha: string, prefix: string): Promise<void> => {
    if (++requests > maxRequests) throw new Error(`the tree of ${owner}/${repo}@${commit.slice(0, 12)} needs more than ${maxRequests} listings`)
    const t = await api.getJson<{ tree: TreeEntry[] }>(`/repos/${owner}/${repo}/git/trees/${sha}`)
    if (!t) throw new Error(`tree ${sha} of ${owner}/${repo} is missing`)
    for (const e of t.data.tree) {
      const path = prefix ? `${prefix}/${e.path}` : e.path
      if (e.type === 'tree') await walk(e.sha, path)
      else out.push({ ...e, path })
    }
  }
  await walk(commit, '')
  return out
}

/** Paths matched by a .gitattributes line's pattern (git's rules, as far as archives need). */
function attrMatcher(pattern: string, dir: string): (path: string) => boolean {
  let p = pattern
  const dirOnly = p.endsWith('/')
  if (dirOnly) p = p.slice(0, -1)
  const anchored = p.startsWith('/') || p.includes('/')
  p = p.replace(/^\//, '')
  const re = globToRegExp(p)
  return (path: string) => {
    const rel = dir ? (path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : undefined) : path
    if (rel === undefined) return false
    const segs = rel.split('/')
    if (anchored) return re.test(rel) || segs.some((_, i) => i < segs.length - 1 && re.test(segs.slice(0, i + 1).join('/')))
    return segs.some((s, i) => re.test(s) && (!dirOnly || i < segs.length - 1))
  }
}

export async function checkGitTree(api: GitHubApi, id: string, dir: string, owner: string, repo: string, commit: string): Promise<IntegrityResult> {
  const res: IntegrityResult = { id, dir, method: 'git-tree', commit, ok: false, extra: [], missing: [], changed: [], notes: [] }
  try {
    const tree = await commitTree(api, owner, repo, commit)
    const ignore: Array<(p: string) => boolean> = []
    const noCompare: Array<(p: string) => boolean> = []
    for (const ga of tree.filter((e) => e.type === 'blob' && (e.path === '.gitattributes' || e.path.endsWith('/.gitattributes')))) {
      const text = await api.getFile(owner, repo, ga.path, commit)
      const base = ga.path.includes('/') ? ga.path.slice(0, ga.path.lastIndexOf('/')) : ''
      for (const line of (text ?? '').split('\n')) {
        const [pat, ...attrs] = line.trim().split(/\s+/)
        if (!pat || pat.startsWith('#')) continue
        if (attrs.includes('export-ignore')) ignore.push(attrMatcher(pat, base))
        if (attrs.includes('export-subst') || attrs.some((a) => a === 'filter=lfs')) noCompare.push(attrMatcher(pat, base))
      }
    }
    const disk = new Map((await readTree(dir, { git: true })).map((f) => [f.path, f]))
    const expected = new Map<string, TreeEntry>()
    for (const e of tree) {
      if (e.type === 'commit') {
        res.notes.push(`submodule ${e.path} is not in the download`)
        continue
      }
      if (e.type !== 'blob' || ignore.some((m) => m(e.path))) continue
      expected.set(e.path, e)
    }
    for (const [path, e] of expected) {
      const f = disk.get(path)
      if (!f) {
        res.missing.push(path)
        continue
      }
      if (noCompare.some((m) => m(path))) continue
      const isLink = e.mode === '120000'
      if (isLink !== (f.mode === '120000') || f.gitSha !== e.sha) res.changed.push(path)
    }
    for (const path of disk.keys()) if (!expected.has(path) && !ignore.some((m) => m(path))) res.extra.push(path)
    res.ok = res.extra.length + res.missing.length + res.changed.length === 0
  } catch (e) {
    res.error = e instanceof Error ? e.message : String(e)
  }
  return res
}

/**
 * Compare every repository action of the running job (what the runner downloaded before the
 * first step: the job's own `uses:` and, transitively, composite children) with its lock.
 */
export async function checkJobIntegrity(
  res: { roots: Array<{ uses: { parsed: unknown }; chain: string[]; job: string; node?: import('./graph.js').DepNode }> },
  job: string,
  root: string,
  lock: import('./locks.js').LockFacts | undefined,
  api: GitHubApi | undefined,
): Promise<{ results: IntegrityResult[]; failures: import('../audits/rule.js').CheckFailure[] }> {
  const results: IntegrityResult[] = []
  const failures: import('../audits/rule.js').CheckFailure[] = []
  const seen = new Set<string>()
  const todo: Array<{ owner: string; repo: string; ref: string; sha?: string }> = []
  const visit = (n: import('./graph.js').DepNode | undefined) => {
    if (!n || seen.has(n.id)) return
    seen.add(n.id)
    if (!n.uses.reusableWorkflow) todo.push({ owner: n.uses.owner, repo: n.uses.repo, ref: n.uses.ref, ...(n.sha ? { sha: n.sha } : {}) })
    for (const e of n.children) visit(e.node)
  }
  // local composites are prepared mid-job and reusable workflows run elsewhere: only the job's own remote uses
  for (const r of res.roots) if (r.job === job && r.chain.length === 0) visit(r.node)
  const done = new Set<string>()
  for (const a of todo) {
    const id = `${a.owner}/${a.repo}@${a.ref}`
    if (done.has(id.toLowerCase())) continue // sub-path actions share one download
    done.add(id.toLowerCase())
    const d = actionDir(root, a.owner, a.repo, a.ref)
    const fix = 'Re-run the job; if it repeats, do not publish from this runner.'
    if (!d) {
      failures.push({ check: `check the runner's download of ${id}`, reason: `it is not in ${root}`, fix })
      continue
    }
    if (!d.completed) {
      failures.push({ check: `check the runner's download of ${id}`, reason: `${a.ref}.completed is missing: the download did not finish`, fix })
      continue
    }
    const sum = lock?.ghaSum ? [...lock.ghaSum.entries].find(([k]) => k.toLowerCase() === id.toLowerCase())?.[1].sum : undefined
    const locked = lock?.onboarded ? lock.actionsLock?.dependencies.get(`${a.owner.toLowerCase()}/${a.repo.toLowerCase()}@${a.ref}`)?.commit.hex : undefined
    let r: IntegrityResult
    if (sum) r = await checkGhaSum(id, d.dir, sum)
    else if (api && (locked ?? a.sha)) r = await checkGitTree(api, id, d.dir, a.owner, a.repo, (locked ?? a.sha)!)
    else {
      failures.push({ check: `check the runner's download of ${id}`, reason: 'neither gha.sum nor the API (offline) can say what its content should be', fix: 'Record it in gha.sum (`release-gate lock`) or run online.' })
      continue
    }
    if (r.error) failures.push({ check: `check the runner's download of ${id}`, reason: r.error, fix })
    results.push(r)
  }
  return { results, failures }
}
