/**
 * `release-gate lock [workflow...] [--check]`: write or check ghasum's `gha.sum` for the
 * workflows' actions — direct and transitive, each hashed as ghasum does (dirhash h1, bare base64) from the tarball of the
 * commit it resolves to, with the top folder stripped, as the runner extracts it. It never
 * writes actions.lock: that file belongs to `gh actions-lock`, and GitHub's parser rejects
 * anything else in it. `--check` also reports workflows onboarded in actions.lock whose
 * dependencies are missing from it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { RepoReader } from './context/local.js'
import { loadLocal } from './context/local.js'
import type { Workflow } from './workflow/model.js'
import type { Scope } from './workflow/scope.js'
import { ghasumSum } from './resolve/dirhash.js'
import { GHA_SUM_PATH, encodeGhaSum } from './resolve/ghasum.js'
import type { GitHubApi } from './resolve/github.js'
import { resolveScope } from './resolve/graph.js'
import type { DepNode } from './resolve/graph.js'
import { lockedCommits, readLocks } from './resolve/locks.js'
import { pinKey } from './resolve/lockfile.js'
import { Memo, Pool } from './resolve/pool.js'
import { followLinks, readTarGz } from './resolve/tar.js'

export interface LockResult {
  code: 0 | 1 | 2
  out: string
  /** gha.sum text written (or that would be written) */
  sum?: string
}

/** Largest action tarball `release-gate lock` downloads. */
export const TARBALL_MAX_BYTES = 512 * 1024 * 1024

/** Hash of the tree GitHub serves for a commit, as the runner unpacks it. */
export class TarballHasher {
  private readonly memo = new Memo<string>()
  private readonly pool = new Pool(4)
  constructor(private readonly api: GitHubApi) {}
  hash(owner: string, repo: string, sha: string): Promise<string> {
    return this.memo.get(`${owner}/${repo}@${sha}`.toLowerCase(), () =>
      this.pool.run(async () => {
        // streamed to disk with its own limit (the 16 MiB cap of API answers is too small for some actions)
        const dir = await mkdtemp(join(tmpdir(), 'release-gate-tarball-'))
        try {
          const file = join(dir, 'a.tar.gz')
          await this.api.download(`/repos/${owner}/${repo}/tarball/${sha}`, file, TARBALL_MAX_BYTES)
          return ghasumSum(followLinks(readTarGz(await readFile(file))))
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      }),
    )
  }
}

export async function runLock(opts: { root: string; workflows: Workflow[]; reader: RepoReader; api: GitHubApi; check: boolean; all: boolean }): Promise<LockResult> {
  const lines: string[] = []
  const wanted = new Map<string, string>()
  const hasher = new TarballHasher(opts.api)
  const missingInLock: string[] = []
  let failed = false
  const existingLocks = await readLocks(opts.reader, '', false)
  if (existingLocks.failures.length) return { code: 2, out: existingLocks.failures.map((f) => `release-gate: could not ${f.check}: ${f.reason}\n`).join('') }
  for (const wf of opts.workflows) {
    const path = relative(opts.root, wf.file.startsWith('/') ? wf.file : join(process.cwd(), wf.file)).split('\\').join('/')
    const locks = await readLocks(opts.reader, path, false)
    const local = (await loadLocal(wf, opts.reader)).local
    const scope: Scope = { targets: wf.jobs, jobs: wf.jobs, reason: 'all jobs', mode: 'all' }
    const locked = lockedCommits(locks.facts)
    const res = await resolveScope(wf, scope, local, { api: opts.api, ...(locked.size ? { locked } : {}) })
    for (const f of res.failures) {
      lines.push(`${wf.file}: could not ${f.check}: ${f.reason}`)
      failed = true
    }
    const nodes: DepNode[] = []
    const seen = new Set<string>()
    const walk = (n?: DepNode) => {
      if (!n || seen.has(n.id)) return
      seen.add(n.id)
      nodes.push(n)
      for (const e of n.children) walk(e.node)
    }
    for (const r of res.roots) walk(r.node)
    for (const n of nodes) {
      if (!n.sha) continue
      const id = `${n.uses.owner}/${n.uses.repo}@${n.uses.ref}`
      if (!wanted.has(id)) wanted.set(id, await hasher.hash(n.uses.owner, n.uses.repo, n.sha))
      if (locks.facts.onboarded && !locks.facts.closure!.has(pinKey(n.uses.owner, n.uses.repo, n.uses.ref))) missingInLock.push(`${path}: ${id} is not in actions.lock`)
    }
  }
  const existing = existingLocks.facts.ghaSum
  const merged = new Map<string, string>()
  if (existing && !opts.all) for (const [k, v] of existing.entries) merged.set(k, v.sum)
  for (const [k, v] of wanted) merged.set(k, v)
  const text = encodeGhaSum(merged)
  if (opts.check) {
    const problems: string[] = [...missingInLock]
    for (const [id, sum] of [...wanted].sort()) {
      const have = existing?.entries.get(id)
      if (!have) problems.push(`${GHA_SUM_PATH}: ${id} is missing`)
      else if (have.sum !== sum) problems.push(`${GHA_SUM_PATH}:${have.line}: ${id} is stale: recorded ${have.sum}, the commit hashes to ${sum}`)
    }
    if (!existing) problems.unshift(`${GHA_SUM_PATH} does not exist`)
    lines.push(...problems.sort())
    if (problems.length === 0 && !failed) lines.push(`${wanted.size} actions: ${GHA_SUM_PATH} is up to date`)
    return { code: failed ? 2 : problems.length ? 1 : 0, out: lines.join('\n') + '\n', sum: text }
  }
  if (failed) return { code: 2, out: lines.join('\n') + '\n' }
  await writeFile(join(opts.root, GHA_SUM_PATH), text)
  lines.push(`wrote ${GHA_SUM_PATH}: ${merged.size} actions`)
  lines.push(...missingInLock)
  return { code: 0, out: lines.join('\n') + '\n', sum: text }
}
