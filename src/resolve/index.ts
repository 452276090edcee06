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

export interface OnlineOptions {
  api: GitHubApi
  cache?: ShaCache
  /** The repository whose environments protect the release (the running one). */
  repository?: { owner: string; repo: string }
  /** The environment the job runs in, from the OIDC token. */
  environment?: string
  concurrency?: number
}

/** Fill `resolved` and `online` of a loaded target, and add what could not be checked to its failures. */
export async function goOnline(t: AuditTarget, o: OnlineOptions): Promise<void> {
  const wf = t.workflow
  if (!wf) return
  let scope
  try {
    scope = selectScope(wf, t.jobId)
  } catch {
    return // the engine reports the missing job
  }
  const local = t.local ?? new Map<string, Workflow>()
  const res = await resolveScope(wf, scope, local, { api: o.api, ...(o.cache ? { cache: o.cache } : {}), ...(o.concurrency ? { concurrency: o.concurrency } : {}) })
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
}
