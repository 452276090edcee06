/**
 * Transitive resolution: every action and reusable workflow the scope uses, and what they
 * use in turn (composite steps, reusable workflows' jobs and steps), each fetched once per
 * `owner/repo@sha` at the commit the ref resolves to, concurrently within a bound.
 */
import type { CheckFailure } from '../audits/rule.js'
import type { StepRef, UsesRef, Workflow } from '../workflow/model.js'
import { parseWorkflow } from '../workflow/model.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { LocalFiles } from '../workflow/sites.js'
import type { Scope } from '../workflow/scope.js'
import type { RepoUses } from '../workflow/uses.js'
import { InputError } from '../workflow/yaml.js'
import type { Pos } from '../workflow/yaml.js'
import type { ShaCache } from './cache.js'
import type { GitHubApi } from './github.js'
import { Memo, Pool } from './pool.js'

export type ActionKind = 'composite' | 'node' | 'docker' | 'reusable' | 'unknown'

export interface DepNode {
  /** `owner/repo[/path]@ref`, owner and repo lower-cased. */
  id: string
  uses: RepoUses
  /** The commit the ref resolved to. */
  sha?: string
  kind: ActionKind
  /** `runs.using` of an action. */
  using?: string
  /** `runs.image` of a Docker action. */
  image?: { value: string; pos: Pos }
  /** The parsed action.yml or reusable workflow. */
  file?: Workflow
  children: DepEdge[]
  /** Why this node could not be resolved. */
  error?: string
}

export interface DepEdge {
  uses: UsesRef
  node?: DepNode
  /** For edges that are not repository actions: `docker://…`, `./…`, `$/…`. */
  note?: string
}

export interface Root {
  uses: UsesRef
  /** Where the top-level `uses:` is written. */
  file: string
  job: string
  step?: StepRef
  /** Hops from the audited workflow to this `uses:` (local files). */
  chain: string[]
  node?: DepNode
}

export interface Resolution {
  roots: Root[]
  nodes: Map<string, DepNode>
  failures: CheckFailure[]
  /** Content requests made (file reads), for the report. */
  contentRequests: number
}

export interface ResolveOptions {
  api: GitHubApi
  cache?: ShaCache
  concurrency?: number
  /** The runner's limit of nested composite actions. */
  maxDepth?: number
  /** Most distinct actions resolved for one workflow. */
  maxNodes?: number
  /** Commits an onboarded lockfile pins, by `owner/repo@ref`: resolved there, not where the ref points now. */
  locked?: Map<string, string>
}

/** 32 requests in flight: GitHub documents 100 concurrent requests as the secondary-limit ceiling; stay far below it. */
export const RESOLVE_LIMITS = { concurrency: 32, maxDepth: 9, maxNodes: 500 }

const FULL_SHA = /^[0-9a-f]{40}$/i

export function nodeId(u: RepoUses): string {
  return `${u.owner.toLowerCase()}/${u.repo.toLowerCase()}${u.path ? `/${u.path}` : ''}@${u.ref}`
}

export function kindOf(wf: Workflow, reusable: boolean): ActionKind {
  if (reusable) return 'reusable'
  const using = wf.runs?.using ?? ''
  if (using === 'composite') return 'composite'
  if (/^node\d+$/.test(using)) return 'node'
  if (using === 'docker') return 'docker'
  return 'unknown'
}

export class Resolver {
  private readonly pool: Pool
  private readonly nodes = new Memo<DepNode>()
  private readonly shas = new Memo<string>()
  private readonly pending: Array<Promise<unknown>> = []
  private readonly byId = new Map<string, DepNode>()
  contentRequests = 0
  /** Work that leads to no request, one piece per turn of the event loop (see `idle`). */
  private readonly later: Array<() => void> = []

  constructor(private readonly o: ResolveOptions) {
    this.pool = new Pool(o.concurrency ?? RESOLVE_LIMITS.concurrency)
  }

  /** The commit a ref names (tags are peeled by the commits endpoint). */
  commitOf(owner: string, repo: string, ref: string, depth = 0): Promise<string> {
    if (FULL_SHA.test(ref)) return Promise.resolve(ref.toLowerCase())
    const locked = this.o.locked?.get(`${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`)
    if (locked) return Promise.resolve(locked)
    return this.shas.get(`${owner.toLowerCase()}/${repo.toLowerCase()}@${ref}`, async () => {
      const r = await this.pool.run(() => this.o.api.getJson<{ sha?: string }>(`/repos/${owner}/${repo}/commits/${encodeURIComponent(ref)}`), depth)
      if (!r || typeof r.data.sha !== 'string') throw new Error(`${owner}/${repo} has no branch, tag or commit '${ref}'`)
      return r.data.sha
    })
  }

  private async read(owner: string, repo: string, sha: string, path: string, depth = 0): Promise<string | undefined> {
    const repoKey = `${owner}/${repo}`
    const cached = await this.o.cache?.get(repoKey, sha, path)
    if (cached !== undefined) return cached ?? undefined
    this.contentRequests++
    const text = await this.pool.run(() => this.o.api.getFile(owner, repo, path, sha), depth)
    await this.o.cache?.set(repoKey, sha, path, text ?? null)
    return text
  }

  node(u: RepoUses, depth: number): Promise<DepNode> {
    const id = nodeId(u)
    return this.nodes.get(id, async () => {
      const n: DepNode = { id, uses: u, kind: u.reusableWorkflow ? 'reusable' : 'unknown', children: [] }
      this.byId.set(id, n)
      if (this.byId.size > (this.o.maxNodes ?? RESOLVE_LIMITS.maxNodes)) {
        n.error = `more than ${this.o.maxNodes ?? RESOLVE_LIMITS.maxNodes} distinct actions; resolution stopped`
        return n
      }
      if (u.refKind === 'expression') {
        n.error = 'the ref is an expression, decided at run time'
        return n
      }
      try {
        n.sha = await this.commitOf(u.owner, u.repo, u.ref, depth)
        const paths = u.reusableWorkflow ? [u.path] : [u.path ? `${u.path}/action.yml` : 'action.yml', u.path ? `${u.path}/action.yaml` : 'action.yaml']
        let text: string | undefined
        let at = ''
        for (const p of paths) {
          text = await this.read(u.owner, u.repo, n.sha, p, depth)
          if (text !== undefined) {
            at = p
            break
          }
        }
        if (text === undefined) {
          n.error = `${u.owner}/${u.repo} has no ${paths.join(' or ')} at ${n.sha.slice(0, 12)}`
          return n
        }
        // A file without `uses` (nor an escape that could spell it) leads to no further request:
        // its parse waits, one file per turn of the event loop, so that answers arriving meanwhile
        // (a composite's, whose children are yet to be asked for) are not stuck behind it.
        if (!/uses|\\/.test(text)) await this.idle()
        try {
          n.file = parseWorkflow(text, `${u.owner}/${u.repo}/${at}@${n.sha.slice(0, 12)}`)
        } catch (e) {
          n.error = e instanceof InputError ? e.message : String(e)
          return n
        }
        n.kind = kindOf(n.file, u.reusableWorkflow)
        n.using = n.file.runs?.using
        if (n.kind === 'docker' && n.file.runs?.image) n.image = n.file.runs.image
        if (n.kind === 'composite' || n.kind === 'reusable') this.expand(n, depth)
      } catch (e) {
        n.error = e instanceof Error ? e.message : String(e)
      }
      return n
    })
  }

  /**
   * Resolves on a later turn of the event loop, one waiter per turn: answers that arrive
   * meanwhile are handled (and their children asked for) between two pieces of deferred work.
   */
  private idle(): Promise<void> {
    return new Promise((go) => {
      if (this.later.push(go) === 1) setImmediate(this.nextLater)
    })
  }

  private readonly nextLater = (): void => {
    this.later.shift()?.()
    if (this.later.length) setImmediate(this.nextLater)
  }

  /** Queue a node's children; they are awaited by `settle()`, not by the node (cycles are fine). */
  private expand(n: DepNode, depth: number): void {
    const f = n.file!
    const uses: UsesRef[] = []
    for (const j of f.jobs) {
      if (j.uses) uses.push(j.uses)
      for (const s of j.steps) if (s.uses) uses.push(s.uses)
    }
    for (const u of uses) {
      const p = u.parsed
      const edge: DepEdge = { uses: u }
      n.children.push(edge)
      if (p.kind === 'docker') edge.note = 'container image'
      else if (p.kind === 'invalid') edge.note = `invalid reference: ${p.reason}`
      else if (p.kind === 'local' && p.form === './') edge.note = `a local path inside ${n.uses.owner}/${n.uses.repo}: resolved against the calling workflow's workspace, not the action's repository`
      else {
        const child: RepoUses | undefined =
          p.kind === 'local'
            ? { kind: 'repo', raw: u.value, owner: n.uses.owner, repo: n.uses.repo, path: p.path, ref: n.sha!, refKind: 'sha', reusableWorkflow: p.reusableWorkflow }
            : p.kind === 'repo'
              ? p
              : undefined
        if (!child) continue
        if (depth + 1 > (this.o.maxDepth ?? RESOLVE_LIMITS.maxDepth)) {
          edge.note = `deeper than the runner's limit of ${this.o.maxDepth ?? RESOLVE_LIMITS.maxDepth} nested actions: the run would fail`
          continue
        }
        this.pending.push(this.node(child, depth + 1).then((c) => (edge.node = c)))
      }
    }
  }

  async settle(): Promise<void> {
    while (this.pending.length) await Promise.all(this.pending.splice(0))
  }

  all(): Map<string, DepNode> {
    return this.byId
  }
}

/** Resolve every repository `uses:` in scope (local files included) and what they use. */
export async function resolveScope(wf: Workflow, scope: Scope, local: LocalFiles, o: ResolveOptions): Promise<Resolution> {
  const r = new Resolver(o)
  const roots: Root[] = []
  for (const site of jobSites(wf, scope, local)) {
    const add = (uses: UsesRef, file: string, step?: StepRef, chain: string[] = site.chain) => {
      if (uses.parsed.kind !== 'repo') return
      const root: Root = { uses, file, job: site.job.id, chain, ...(step ? { step } : {}) }
      roots.push(root)
      r.node(uses.parsed, 1).then((n) => (root.node = n))
    }
    if (site.job.uses) add(site.job.uses, site.wf.file)
    for (const s of stepSites(site, local)) if (s.step.uses) add(s.step.uses, s.wf.file, s.top.step, s.chain)
  }
  // roots' own promises are memoised nodes; wait for them, then for everything they queued
  await Promise.all(roots.map((x) => r.node(x.uses.parsed as RepoUses, 1)))
  await r.settle()
  for (const x of roots) x.node = await r.node(x.uses.parsed as RepoUses, 1)
  // point each failure at the first top-level `uses:` that leads to it
  const firstRoot = new Map<string, Root>()
  const walk = (n: DepNode | undefined, root: Root, seen: Set<string>) => {
    if (!n || seen.has(n.id)) return
    seen.add(n.id)
    if (!firstRoot.has(n.id)) firstRoot.set(n.id, root)
    for (const e of n.children) walk(e.node, root, seen)
  }
  for (const x of roots) walk(x.node, x, new Set())
  const failures: CheckFailure[] = []
  for (const n of r.all().values()) {
    if (!n.error) continue
    const root = firstRoot.get(n.id)
    failures.push({
      check: `resolve ${n.uses.raw}`,
      reason: n.error,
      fix: 'Check that the action exists at that ref and that the job token can read it (`contents: read`); re-run if GitHub was unavailable.',
      ...(root ? { file: root.file, line: root.uses.pos.line } : {}),
    })
  }
  return { roots, nodes: r.all(), failures, contentRequests: r.contentRequests }
}

/**
 * The remote composite actions the graph read, by `uses:`: rules that follow values into a
 * composite's steps (secrets given as inputs) read them like local ones.
 */
export function compositeLookup(res: Resolution | undefined): ((u: RepoUses) => Workflow | undefined) | undefined {
  if (!res) return undefined
  return (u) => {
    const n = res.nodes.get(nodeId(u))
    return n && n.kind === 'composite' && n.file ? n.file : undefined
  }
}
