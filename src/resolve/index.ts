/**
 * The online phase, before the rules: resolve the transitive graph of the audited scope, then
 * ask GitHub what only it knows. Everything it could not decide becomes a failure (which
 * blocks in enforcing mode), never a silent pass.
 */
import type { AuditTarget } from '../engine.js'
import { selectScope } from '../workflow/scope.js'
import type { Workflow } from '../workflow/model.js'
import type { ShaCache } from './cache.js'
import type { GitHubApi } from './github.js'
import { Resolver, resolveScope } from './graph.js'
import { OnlineChecks, gatherOnline } from './online.js'
import { lockedCommits } from './locks.js'
import type { LockFacts } from './locks.js'
import { pinKey } from './lockfile.js'

export interface OnlineOptions {
  api: GitHubApi
  cache?: ShaCache
  /** The repository whose environments protect the release (the running one). */
  repository?: { owner: string; repo: string }
  /** The environment the job runs in, from the OIDC token. */
  environment?: string
  concurrency?: number
  /** What the repository locks: resolve at locked commits, and check repository ids. */
  lock?: LockFacts
}

/** Fill `resolved` and `online` of a loaded target, and add what could not be checked to its failures. */
export async function goOnline(t: AuditTarget, o: OnlineOptions): Promise<void> {
  const wf = t.workflow
  if (!wf) return
  let scope
  try {
    scope = selectScope(wf, t.jobId, t.local)
  } catch {
    return // the engine reports the missing job
  }
  const local = t.local ?? new Map<string, Workflow>()
  const locked = lockedCommits(o.lock)
  const res = await resolveScope(wf, scope, local, { api: o.api, ...(o.cache ? { cache: o.cache } : {}), ...(o.concurrency ? { concurrency: o.concurrency } : {}), ...(locked.size ? { locked } : {}) })
  const files = new Map<string, Workflow>([[wf.file, wf], ...[...local.values()].map((w) => [w.file, w] as [string, Workflow])])
  const names = new Set<string>()
  if (scope.mode !== 'all') {
    if (o.environment) names.add(o.environment)
    else for (const j of scope.targets) if (j.environment?.name && !j.environment.name.includes('${{')) names.add(j.environment.name)
  }
  const checks = new OnlineChecks(o.api, new Resolver({ api: o.api }), o.concurrency)
  const { facts, failures } = await gatherOnline(checks, res, files, o.repository && names.size ? { ...o.repository, names: [...names] } : undefined)
  t.resolved = res
  t.online = facts
  t.failures.push(...res.failures, ...failures)
  // a locked repository must still be the one the lock recorded (renames, re-registrations)
  if (o.lock?.onboarded && o.lock.actionsLock) {
    const ids = new Map<string, { ownerId: number; repoId: number } | { error: string }>()
    const repos = new Set<string>()
    for (const n of res.nodes.values()) if (o.lock.actionsLock.dependencies.has(pinKey(n.uses.owner, n.uses.repo, n.uses.ref))) repos.add(`${n.uses.owner}/${n.uses.repo}`.toLowerCase())
    await Promise.all(
      [...repos].map(async (r) => {
        try {
          const x = await o.api.getJson<{ id?: number; owner?: { id?: number } }>(`/repos/${r}`)
          if (x?.data.id && x.data.owner?.id) ids.set(r, { ownerId: x.data.owner.id, repoId: x.data.id })
          else ids.set(r, { error: `${r} does not exist any more` })
        } catch (e) {
          ids.set(r, { error: e instanceof Error ? e.message : String(e) })
          t.failures.push({ check: `check that ${r} is the repository actions.lock recorded`, reason: e instanceof Error ? e.message : String(e), fix: 'Re-run the job when the API answers.' })
        }
      }),
    )
    o.lock.ids = ids
  }
}
