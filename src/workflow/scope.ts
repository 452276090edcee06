/**
 * Which jobs are audited: the job running the gate (or, from the CLI, each publishing job)
 * and every job it needs, transitively — they build what is published.
 */
import { isPublishingJob } from './publish.js'
import { UNKNOWN, evaluateCondition } from './expr.js'
import type { Tri } from './expr.js'
import { jobReachable } from './triggers.js'
import type { Job, Workflow } from './model.js'
import type { LocalFiles } from './sites.js'
import { MAX_COMPOSITE_DEPTH } from './sites.js'

export interface Scope {
  /** The jobs the gate guards: the running job, or the publishing jobs. */
  targets: Job[]
  /** Targets plus everything they need, in source order. */
  jobs: Job[]
  /** How the targets were chosen, for the report. */
  reason: string
  /**
   * `gate`: the job running the gate (it publishes by declaration); `publishing`: jobs found
   * to publish; `all`: nothing publishes, every job is audited.
   */
  mode: 'gate' | 'publishing' | 'all'
  /** Jobs left out because they can never run (`if: false`), each with why, for the report. */
  neverRun?: Array<{ job: Job; why: string }>
}

/**
 * Jobs that never run, whatever the event: their `if:` is false with nothing known of the run
 * (`if: false`, `if: ${{ false }}`, `if: false && …`), or they need such a job and do not run
 * after skipped ones (no `always()`, `failure()`, `cancelled()`). GitHub's own expression rules
 * decide; an `if:` that reads anything of the run is never constant.
 */
export function neverRunning(wf: Workflow): Map<string, string> {
  const out = new Map<string, string>()
  if (wf.kind !== 'workflow' || !wf.jobs.some((j) => j.if)) return out
  // an occasion on which nothing is known: only a constant condition is decided
  const nothing = { event: '', label: '', pos: wf.jobs[0].pos, filters: [], resolve: () => UNKNOWN }
  const seen = new Map<string, Tri>()
  const byId = new Map(wf.jobs.map((j) => [j.id, j]))
  for (const j of wf.jobs) {
    if (jobReachable(wf, j, nothing, seen) !== false) continue
    const skippedNeed = j.needs.find((n) => byId.has(n.value) && seen.get(n.value) === false)
    const ownFalse = !!j.if && evaluateCondition(j.if.value, nothing.resolve) === false
    const cond = (j.if?.value ?? '').replace(/\s+/g, ' ').trim()
    const shown = cond.length > 80 ? `${cond.slice(0, 79)}…` : cond
    out.set(j.id, ownFalse || !skippedNeed ? `never runs (\`if: ${shown}\` is false on every event)` : `never runs: it needs job \`${skippedNeed.value}\`, which never runs`)
  }
  return out
}

/** `if: false` written plainly says so; another constant expression says it is one. */
function neverWhy(job: Job, why: string): string {
  return /^\s*(false|\$\{\{\s*false\s*\}\})\s*$/i.test(job.if?.value ?? '') ? 'never runs (`if: false`)' : why
}

export function needsClosure(wf: Workflow, roots: Job[]): Job[] {
  const byId = new Map(wf.jobs.map((j) => [j.id, j]))
  const seen = new Set<string>()
  const stack = roots.map((r) => r.id)
  while (stack.length) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    for (const n of byId.get(id)?.needs ?? []) if (byId.has(n.value)) stack.push(n.value)
  }
  return wf.jobs.filter((j) => seen.has(j.id))
}

/**
 * Does a job publish, its own steps or, seen through the call, a local reusable workflow's
 * jobs (when that file was loaded)?
 */
export function publishesThrough(wf: Workflow, job: Job, local?: LocalFiles, depth = 0): boolean {
  if (isPublishingJob(wf, job)) return true
  const u = job.uses?.parsed
  if (!local || !u || u.kind !== 'local' || !u.reusableWorkflow || depth >= MAX_COMPOSITE_DEPTH) return false
  const called = local.get(u.path)
  return !!called && called !== wf && called.jobs.some((j) => publishesThrough(called, j, local, depth + 1))
}

/**
 * Does the job hold a token its workflow files set, rather than the repository's default? It
 * does with a `permissions:` block of its own; a job calling a local reusable workflow does
 * when the called workflow's top-level `permissions:` (other than `write-all`) or every job of
 * it that can run sets one: a called workflow runs with its own permissions, which can only
 * lower what its caller grants (docs.github.com, "Reusing workflows"). A called workflow that
 * could not be read (remote, or not loaded) is taken to run with what its caller passes on.
 */
export function setsOwnToken(job: Job, local?: LocalFiles, self?: Workflow, depth = 0): boolean {
  if (job.permissions) return true
  const u = job.uses?.parsed
  if (!local || !u || u.kind !== 'local' || !u.reusableWorkflow || depth >= MAX_COMPOSITE_DEPTH) return false
  const called = local.get(u.path)
  if (!called || called === self || called.kind !== 'workflow') return false
  const top = called.permissions
  if (top) return top.kind === 'map' || top.kind === 'read-all'
  const never = neverRunning(called)
  return called.jobs.every((j) => never.has(j.id) || (j.permissions ? j.permissions.kind !== 'write-all' : setsOwnToken(j, local, called, depth + 1)))
}

/**
 * @param jobId the job to guard; when absent, the publishing jobs, and when none publish, every job.
 * @param local local reusable workflows, to see through calls
 * @throws Error when `jobId` is not a job of the workflow.
 */
export function selectScope(wf: Workflow, jobId?: string, local?: LocalFiles): Scope {
  if (wf.kind === 'action') return { targets: wf.jobs, jobs: wf.jobs, reason: 'action file: its composite steps', mode: 'all' }
  const never = neverRunning(wf)
  const runs = (j: Job) => !never.has(j.id)
  const left = (jobs: Job[]) => {
    const out = wf.jobs.filter((j) => never.has(j.id) && !jobs.includes(j)).map((job) => ({ job, why: neverWhy(job, never.get(job.id)!) }))
    return out.length ? { neverRun: out } : {}
  }
  if (jobId) {
    const job = wf.jobs.find((j) => j.id === jobId)
    if (!job) {
      const known = wf.jobs.map((j) => j.id).join(', ') || 'none'
      throw new Error(`job '${jobId}' is not in ${wf.file} (jobs: ${known})`)
    }
    const needed = needsClosure(wf, [job])
    // the job named is audited whatever its `if:` says: it is the one running (or asked for)
    // — and then a reading that it never runs is wrong, so nothing it needs is left out either
    const jobs = runs(job) ? needed.filter((j) => j === job || runs(j)) : needed
    return { targets: [job], jobs, reason: `job '${jobId}' and the jobs it needs`, mode: 'gate', ...(runs(job) ? left(jobs) : {}) }
  }
  const publishing = wf.jobs.filter((j) => runs(j) && publishesThrough(wf, j, local))
  if (publishing.length) {
    const jobs = needsClosure(wf, publishing).filter(runs)
    return {
      targets: publishing,
      jobs,
      mode: 'publishing',
      reason:
        publishing.length > 1
          ? `publishing jobs ${publishing.map((j) => `'${j.id}'`).join(', ')} and the jobs they need`
          : `publishing job '${publishing[0].id}' and the jobs it needs`,
      ...left(jobs),
    }
  }
  const all = wf.jobs.filter(runs)
  return { targets: all, jobs: all, reason: all.length === wf.jobs.length ? 'no job publishes: every job' : all.length ? 'no job publishes: every job that can run' : 'no job can run', mode: 'all', ...left(all) }
}
