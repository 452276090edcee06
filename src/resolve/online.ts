/**
 * What only GitHub knows, fetched before the rules run: whether pinned commits are reachable
 * from the repository they name (impostor commits), which commit a version tag names, how
 * the deployment environment is protected, and security advisories for the actions used.
 */
import type { CheckFailure } from '../audits/rule.js'
import type { Root, Resolution, DepNode } from './graph.js'
import { RESOLVE_LIMITS } from './graph.js'
import type { Resolver } from './graph.js'
import { ApiError } from './api-error.js'
import type { GitHubApi } from './github.js'
import { Memo, Pool } from './pool.js'
import type { Workflow } from '../workflow/model.js'
import { trailingComment } from '../workflow/yaml.js'

export type Reach = { reachable: true; via: string } | { reachable: false } | { error: string }

export interface EnvironmentFacts {
  name: string
  exists: boolean
  reviewers: number
  preventSelfReview: boolean
  waitTimer: number
  canAdminsBypass: boolean
  /** `protected_branches`, `custom` (with the patterns) or none. */
  branchPolicy: { kind: 'protected' | 'custom' | 'none'; patterns: Array<{ name: string; type: string }> }
}

export interface Advisory {
  ghsa: string
  summary: string
  severity: string
  range: string
  patched?: string
  url?: string
}

export interface OnlineFacts {
  /** `owner/repo@sha` -> reachable from a branch or tag? */
  reach: Map<string, Reach>
  /**
   * `owner/repo@tag` -> commit SHA (for `# vX.Y.Z` comments); `absent` when GitHub answered that
   * there is no such tag; `error` when the lookup failed (that says nothing about the tag).
   */
  tags: Map<string, TagLookup>
  /** environment name -> facts or an error. */
  environments: Map<string, EnvironmentFacts | { error: string }>
  /** `owner/repo@version` -> advisories covering it, or an error. */
  advisories: Map<string, Advisory[] | { error: string }>
  /** `owner/repo@sha` -> the version it carries (tag or comment), when known. */
  versions: Map<string, string>
}

interface TagItem {
  name: string
  commit: { sha: string }
}

export type TagLookup = { sha: string } | { absent: true } | { error: string }

/** A list endpoint read page by page: the items read, and whether that was all of them. */
interface Listing {
  items: TagItem[]
  complete: boolean
}

/** Bounds of the reachability search: pages of 100 refs listed, `compare` requests made. */
export const REACH_LIMITS = { pages: 10, compares: 20 }

/** A `# v1.2.3` comment on the line of a `uses:`. */
export function versionComment(wf: Workflow | undefined, line: number): string | undefined {
  const c = wf ? trailingComment(wf.source, wf.yaml.lineCounter.lineStarts, line) : undefined
  const m = c ? /^#\s*(?:tag\s*[:=]?\s*)?(v?\d+(?:\.\d+){0,3}(?:[-+][\w.-]+)?)\b/i.exec(c.trim()) : null
  return m ? m[1] : undefined
}

export class OnlineChecks {
  private readonly pool: Pool
  private readonly tagsOf = new Memo<Listing>()
  private readonly branchesOf = new Memo<Listing>()
  private readonly tagMemo = new Memo<TagLookup>()
  private readonly repoInfo = new Memo<{ default_branch?: string } | undefined>()
  private readonly reachMemo = new Memo<Reach>()
  private readonly advMemo = new Memo<Advisory[] | { error: string }>()

  advisoriesMemo(owner: string, repo: string, version: string): Promise<Advisory[] | { error: string }> {
    return this.advMemo.get(`${owner}/${repo}@${version}`.toLowerCase(), () => this.advisories(owner, repo, version))
  }

  constructor(
    private readonly api: GitHubApi,
    private readonly resolver?: Resolver,
    concurrency = RESOLVE_LIMITS.concurrency,
  ) {
    this.pool = new Pool(concurrency)
  }

  private get<T>(path: string) {
    return this.pool.run(() => this.api.getJson<T>(path))
  }

  private list(memo: Memo<Listing>, owner: string, repo: string, what: 'tags' | 'branches'): Promise<Listing> {
    return memo.get(`${owner}/${repo}`.toLowerCase(), async () => {
      const r = await this.pool.run(() => this.api.getPaged<TagItem>(`/repos/${owner}/${repo}/${what}?per_page=100`, { maxPages: REACH_LIMITS.pages }))
      return r ? { items: r.items, complete: r.complete } : { items: [], complete: true }
    })
  }

  listTags(owner: string, repo: string): Promise<Listing> {
    return this.list(this.tagsOf, owner, repo, 'tags')
  }

  private listBranches(owner: string, repo: string): Promise<Listing> {
    return this.list(this.branchesOf, owner, repo, 'branches')
  }

  /** Does `ref` contain `sha`? (`compare/{ref}...{sha}` is `behind` or `identical`.) */
  private async contains(owner: string, repo: string, ref: string, sha: string): Promise<boolean> {
    const cmp = await this.get<{ status?: string }>(`/repos/${owner}/${repo}/compare/${encodeURIComponent(ref)}...${sha}`)
    return !!cmp && (cmp.data.status === 'behind' || cmp.data.status === 'identical')
  }

  /**
   * Is `sha` reachable from a branch or tag of owner/repo? The commits endpoint answers for
   * any commit of the fork network, so: the pin's own version-comment tag first (one lookup),
   * then the default branch, then every tag and branch tip (listed page by page, bounded), then
   * `compare` against the default branch, the other branches, then tags (bounded). "Not reachable" is only said
   * when every ref was looked at; otherwise the answer is an error naming what was not.
   */
  reach(owner: string, repo: string, sha: string, hint?: string): Promise<Reach> {
    return this.reachMemo.get(`${owner}/${repo}@${sha}@${hint ?? ''}`.toLowerCase(), async () => {
      try {
        const want = sha.toLowerCase()
        if (hint) {
          const t = await this.tagCommit(owner, repo, hint)
          if ('sha' in t && t.sha.toLowerCase() === want) return { reachable: true, via: `tag ${hint}` }
          if ('sha' in t && (await this.contains(owner, repo, hint, sha))) return { reachable: true, via: `tag ${hint}` }
        }
        const info = await this.repoInfo.get(`${owner}/${repo}`.toLowerCase(), async () => (await this.get<{ default_branch?: string }>(`/repos/${owner}/${repo}`))?.data)
        const [tags, branches] = await Promise.all([this.listTags(owner, repo), this.listBranches(owner, repo)])
        const tip = [...tags.items.map((t) => ({ ...t, kind: 'tag' })), ...branches.items.map((b) => ({ ...b, kind: 'branch' }))].find((t) => t.commit?.sha?.toLowerCase() === want)
        if (tip) return { reachable: true, via: `${tip.kind} ${tip.name}` }
        // branches first (few, and maintenance lines hold most released commits), then tags
        const candidates = [
          ...(info?.default_branch ? [{ name: info.default_branch, kind: 'branch', ref: info.default_branch }] : []),
          ...branches.items.filter((b) => b.name !== info?.default_branch).map((b) => ({ name: b.name, kind: 'branch', ref: b.name })),
          ...tags.items.filter((t) => t.name !== hint).map((t) => ({ name: t.name, kind: 'tag', ref: t.name })),
        ]
        for (const c of candidates.slice(0, REACH_LIMITS.compares)) {
          if (await this.contains(owner, repo, c.ref, sha)) return { reachable: true, via: `${c.kind} ${c.name}` }
        }
        const notLooked: string[] = []
        if (candidates.length > REACH_LIMITS.compares) notLooked.push(`${candidates.length - REACH_LIMITS.compares} of its ${candidates.length} branches and tags were not compared (limit ${REACH_LIMITS.compares})`)
        if (!tags.complete) notLooked.push(`tags after the first ${tags.items.length} were not listed`)
        if (!branches.complete) notLooked.push(`branches after the first ${branches.items.length} were not listed`)
        if (notLooked.length) return { error: `no branch or tag looked at contains it, but ${notLooked.join('; ')}` }
        return { reachable: false }
      } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) }
      }
    })
  }

  /**
   * The release a commit is: the longest version tag pointing at it (`v4.2.1` over `v4`), or
   * the hint when it is a full version. Undefined when neither says.
   */
  async versionAt(owner: string, repo: string, sha: string, hint?: string): Promise<string | undefined> {
    const full = (v: string) => /^v?\d+\.\d+(\.\d+)?([-+][\w.-]+)?$/.test(v)
    try {
      const tags = await this.listTags(owner, repo)
      const at = tags.items.filter((t) => t.commit?.sha?.toLowerCase() === sha.toLowerCase() && /^v?\d/.test(t.name)).map((t) => t.name)
      const best = at.filter(full).sort((a, b) => b.length - a.length)[0]
      if (best) return best
    } catch {
      // fall back to the hint
    }
    return hint && full(hint) ? hint : undefined
  }

  /**
   * The commit a tag names, looked up directly (`GET /repos/{o}/{r}/commits/tags/{tag}` peels
   * annotated tags). GitHub's "no such ref" (404, or 422 "No commit found") is `absent`; any
   * other failure is an error, never a statement about the tag.
   */
  tagCommit(owner: string, repo: string, tag: string): Promise<TagLookup> {
    return this.tagMemo.get(`${owner}/${repo}@${tag}`.toLowerCase(), async () => {
      try {
        const r = await this.get<{ sha?: string }>(`/repos/${owner}/${repo}/commits/tags/${tag.split('/').map(encodeURIComponent).join('/')}`)
        if (!r) return { absent: true }
        if (typeof r.data.sha !== 'string') return { error: `GitHub's answer for tag ${tag} of ${owner}/${repo} has no commit SHA` }
        return { sha: r.data.sha }
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) return { absent: true }
        return { error: e instanceof Error ? e.message : String(e) }
      }
    })
  }

  async environment(owner: string, repo: string, name: string): Promise<EnvironmentFacts | { error: string }> {
    try {
      const r = await this.get<{
        protection_rules?: Array<{ type: string; reviewers?: unknown[]; prevent_self_review?: boolean; wait_timer?: number }>
        deployment_branch_policy?: { protected_branches: boolean; custom_branch_policies: boolean } | null
        can_admins_bypass?: boolean
      }>(`/repos/${owner}/${repo}/environments/${encodeURIComponent(name)}`)
      if (!r) return { name, exists: false, reviewers: 0, preventSelfReview: false, waitTimer: 0, canAdminsBypass: true, branchPolicy: { kind: 'none', patterns: [] } }
      const rules = r.data.protection_rules ?? []
      const rev = rules.find((x) => x.type === 'required_reviewers')
      const wait = rules.find((x) => x.type === 'wait_timer')
      const dbp = r.data.deployment_branch_policy
      let branchPolicy: EnvironmentFacts['branchPolicy'] = { kind: 'none', patterns: [] }
      if (dbp?.protected_branches) branchPolicy = { kind: 'protected', patterns: [] }
      else if (dbp?.custom_branch_policies) {
        const p = await this.pool.run(() =>
          this.api.getPaged<{ name: string; type?: string }>(`/repos/${owner}/${repo}/environments/${encodeURIComponent(name)}/deployment-branch-policies?per_page=100`, { key: 'branch_policies', maxPages: REACH_LIMITS.pages }),
        )
        if (p && !p.complete) return { error: `environment '${name}' has more than ${p.items.length} deployment branch policies; the rest were not read` }
        branchPolicy = { kind: 'custom', patterns: (p?.items ?? []).map((b) => ({ name: b.name, type: b.type ?? 'branch' })) }
      }
      return {
        name,
        exists: true,
        reviewers: rev?.reviewers?.length ?? 0,
        preventSelfReview: rev?.prevent_self_review === true,
        waitTimer: wait?.wait_timer ?? 0,
        canAdminsBypass: r.data.can_admins_bypass !== false,
        branchPolicy,
      }
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) }
    }
  }

  async advisories(owner: string, repo: string, version: string): Promise<Advisory[] | { error: string }> {
    try {
      const pkg = `${owner}/${repo}`
      const r = await this.get<Array<{ ghsa_id: string; summary: string; severity: string; html_url?: string; vulnerabilities?: Array<{ package?: { ecosystem?: string; name?: string }; vulnerable_version_range?: string; first_patched_version?: string | null }> }>>(
        `/advisories?ecosystem=actions&affects=${encodeURIComponent(`${pkg}@${version.replace(/^v/, '')}`)}&per_page=100`,
      )
      return (r?.data ?? []).map((a) => {
        const v = a.vulnerabilities?.find((x) => x.package?.name?.toLowerCase() === pkg.toLowerCase()) ?? a.vulnerabilities?.[0]
        return { ghsa: a.ghsa_id, summary: a.summary, severity: a.severity, range: v?.vulnerable_version_range ?? '', ...(v?.first_patched_version ? { patched: v.first_patched_version } : {}), ...(a.html_url ? { url: a.html_url } : {}) }
      })
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) }
    }
  }
}

export interface Pin {
  owner: string
  repo: string
  ref: string
  sha?: string
  /** The `# vX.Y.Z` comment beside the pin. */
  comment?: string
  /** The top-level `uses:` this pin is reached from. */
  root: Root
  /** The `uses:` value of the pin itself, and the hops from the root to it. */
  value: string
  hops: string[]
}

/** Every repository pin of the graph: the top-level ones and every transitive one, per root. */
export function allPins(res: Resolution, files: Map<string, Workflow>): Pin[] {
  const out: Pin[] = []
  for (const root of res.roots) {
    const p = root.uses.parsed
    if (p.kind !== 'repo') continue
    const c = versionComment(files.get(root.file), root.uses.pos.line)
    out.push({ owner: p.owner, repo: p.repo, ref: p.ref, ...(root.node?.sha ? { sha: root.node.sha } : {}), ...(c ? { comment: c } : {}), root, value: root.uses.value, hops: [root.uses.value] })
    const seen = new Set<string>()
    const walk = (n: DepNode | undefined, hops: string[]) => {
      if (!n || seen.has(n.id)) return
      seen.add(n.id)
      for (const e of n.children) {
        const q = e.uses.parsed
        if (q.kind === 'repo' || (q.kind === 'local' && q.form === '$/')) {
          const cc = versionComment(n.file, e.uses.pos.line)
          const child = e.node
          if (child && q.kind === 'repo') {
            out.push({ owner: q.owner, repo: q.repo, ref: q.ref, ...(child.sha ? { sha: child.sha } : {}), ...(cc ? { comment: cc } : {}), root, value: e.uses.value, hops: [...hops, e.uses.value] })
          }
          walk(child, [...hops, e.uses.value])
        }
      }
    }
    walk(root.node, [root.uses.value])
  }
  return out
}

export async function gatherOnline(
  checks: OnlineChecks,
  res: Resolution,
  files: Map<string, Workflow>,
  env: { owner: string; repo: string; names: string[] } | undefined,
): Promise<{ facts: OnlineFacts; failures: CheckFailure[] }> {
  const facts: OnlineFacts = { reach: new Map(), tags: new Map(), environments: new Map(), advisories: new Map(), versions: new Map() }
  const failures: CheckFailure[] = []
  const jobs: Array<Promise<void>> = []
  const seen = new Set<string>()
  const fail = (check: string, reason: string, pin: Pin) =>
    failures.push({ check, reason, fix: 'Re-run the job when the GitHub API answers; give the job `contents: read`.', file: pin.root.file, line: pin.root.uses.pos.line })
  for (const pin of allPins(res, files)) {
    const repoKey = `${pin.owner}/${pin.repo}`.toLowerCase()
    if (!pin.sha) continue
    const k = `${repoKey}@${pin.sha}`
    if (/^[0-9a-f]{40}$/i.test(pin.ref)) {
      if (!seen.has(k)) {
        seen.add(k)
        jobs.push(
          checks.reach(pin.owner, pin.repo, pin.sha, pin.comment).then((r) => {
            facts.reach.set(k, r)
            if ('error' in r) fail(`verify that ${pin.owner}/${pin.repo}@${pin.sha!.slice(0, 12)} is on a branch or tag`, r.error, pin)
          }),
        )
      }
      const tk = pin.comment ? `${repoKey}@${pin.comment}` : undefined
      if (tk && !seen.has(`tag:${tk}`)) {
        seen.add(`tag:${tk}`)
        jobs.push(
          checks.tagCommit(pin.owner, pin.repo, pin.comment!).then((t) => {
            facts.tags.set(tk, t)
            if ('error' in t) fail(`look up tag ${pin.comment} of ${pin.owner}/${pin.repo} (the pin's version comment)`, t.error, pin)
          }),
        )
      }
    }
    if (seen.has(`ver:${k}`)) continue
    seen.add(`ver:${k}`)
    jobs.push(
      (async () => {
        const version = await checks.versionAt(pin.owner, pin.repo, pin.sha!, pin.comment ?? pin.ref)
        if (!version) return
        facts.versions.set(k, version)
        const ak = `${repoKey}@${version}`
        const a = await checks.advisoriesMemo(pin.owner, pin.repo, version)
        facts.advisories.set(ak, a)
        if ('error' in a) fail(`look up security advisories for ${pin.owner}/${pin.repo}@${version}`, a.error, pin)
      })(),
    )
  }
  if (env) {
    for (const name of env.names) {
      jobs.push(
        checks.environment(env.owner, env.repo, name).then((e) => {
          facts.environments.set(name, e)
          if ('error' in e) failures.push({ check: `read the protection rules of environment '${name}'`, reason: e.error, fix: 'Give the job `actions: read` so the gate can read the environment (public repositories need none).' })
        }),
      )
    }
  }
  await Promise.all(jobs)
  return { facts, failures }
}
