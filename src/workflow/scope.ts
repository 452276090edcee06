/**
 * Which jobs are audited: the job running the gate (or, from the CLI, each publishing job)
 * and every job it needs, transitively — they build what is published.
 */
import { isPublishingJob } from './publish.js'
import type { Job, Workflow } from './model.js'

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
 * @param jobId the job to guard; when absent, the publishing jobs, and when none publish, every job.
 * @throws Error when `jobId` is not a job of the workflow.
 */
export function selectScope(wf: Workflow, jobId?: string): Scope {
  if (wf.kind === 'action') return { targets: wf.jobs, jobs: wf.jobs, reason: 'action file: its composite steps', mode: 'all' }
  if (jobId) {
    const job = wf.jobs.find((j) => j.id === jobId)
    if (!job) {
      const known = wf.jobs.map((j) => j.id).join(', ') || 'none'
      throw new Error(`job '${jobId}' is not in ${wf.file} (jobs: ${known})`)
    }
    return { targets: [job], jobs: needsClosure(wf, [job]), reason: `job '${jobId}' and the jobs it needs`, mode: 'gate' }
  }
  const publishing = wf.jobs.filter((j) => isPublishingJob(wf, j))
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
