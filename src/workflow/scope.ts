/**
 * Which jobs are audited: the job running the gate (or, from the CLI, each publishing job)
 * and every job it needs, transitively — they build what is published.
 */
import { isPublishingJob } from './publish.js'
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
 * @param jobId the job to guard; when absent, the publishing jobs, and when none publish, every job.
 * @param local local reusable workflows, to see through calls
 * @throws Error when `jobId` is not a job of the workflow.
 */
export function selectScope(wf: Workflow, jobId?: string, local?: LocalFiles): Scope {
  if (wf.kind === 'action') return { targets: wf.jobs, jobs: wf.jobs, reason: 'action file: its composite steps', mode: 'all' }
  if (jobId) {
    const job = wf.jobs.find((j) => j.id === jobId)
    if (!job) {
      const known = wf.jobs.map((j) => j.id).join(', ') || 'none'
      throw new Error(`job '${jobId}' is not in ${wf.file} (jobs: ${known})`)
    }
    return { targets: [job], jobs: needsClosure(wf, [job]), reason: `job '${jobId}' and the jobs it needs`, mode: 'gate' }
  }
  const publishing = wf.jobs.filter((j) => publishesThrough(wf, j, local))
  if (publishing.length) {
    return {
      targets: publishing,
      jobs: needsClosure(wf, publishing),
      mode: 'publishing',
      reason:
        publishing.length > 1
          ? `publishing jobs ${publishing.map((j) => `'${j.id}'`).join(', ')} and the jobs they need`
          : `publishing job '${publishing[0].id}' and the jobs it needs`,
    }
  }
  return { targets: wf.jobs, jobs: wf.jobs, reason: 'no job publishes: every job', mode: 'all' }
}
