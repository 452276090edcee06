/**
 * The places rules look at: jobs and steps in scope, including those of local reusable
 * workflows (`uses: ./.github/workflows/x.yml`) and local composite actions
 * (`uses: ./path`) when their files were loaded. Each site knows the file it lives in and the
 * chain that led to it.
 */
import type { Job, Step, Workflow } from './model.js'
import type { Scope } from './scope.js'

export interface JobSite {
  job: Job
  /** The file the job is written in. */
  wf: Workflow
  /** Hops from the audited workflow, e.g. ['build', './.github/workflows/ci.yml']. Empty at the top. */
  chain: string[]
  /** A job the gate guards (or part of one, for a called workflow's jobs). */
  target: boolean
}

export interface StepSite {
  job: Job
  step: Step
  /** The file the step is written in (the workflow, or a composite action). */
  wf: Workflow
  chain: string[]
  target: boolean
  /** The job and step of the audited workflow this site is reached from. */
  top: { job: Job; step: Step }
}

/** Local files loaded before the audit, by repository path (`.github/actions/x/action.yml`). */
export type LocalFiles = Map<string, Workflow>

/** The runner's own limit of nested composite actions. */
export const MAX_COMPOSITE_DEPTH = 9

export function localAction(local: LocalFiles, path: string): Workflow | undefined {
  const p = path.replace(/^\.?\/+/, '').replace(/\/+$/, '')
  return local.get(`${p}/action.yml`) ?? local.get(`${p}/action.yaml`)
}

export function jobSites(wf: Workflow, scope: Scope, local: LocalFiles): JobSite[] {
  const targets = new Set(scope.targets.map((j) => j.id))
  const out: JobSite[] = []
  const visit = (job: Job, file: Workflow, chain: string[], target: boolean, depth: number) => {
    out.push({ job, wf: file, chain, target })
    const u = job.uses?.parsed
    if (u && u.kind === 'local' && u.reusableWorkflow && depth < MAX_COMPOSITE_DEPTH) {
      const called = local.get(u.path)
      if (called && called !== file) for (const j of called.jobs) visit(j, called, [...chain, job.id, job.uses!.value], target, depth + 1)
    }
  }
  for (const j of scope.jobs) visit(j, wf, [], targets.has(j.id), 0)
  return out
}

export function stepSites(site: JobSite, local: LocalFiles): StepSite[] {
  const out: StepSite[] = []
  const visit = (steps: Step[], file: Workflow, chain: string[], top: Step | undefined, depth: number) => {
    for (const step of steps) {
      const t = top ?? step
      out.push({ job: site.job, step, wf: file, chain, target: site.target, top: { job: site.job, step: t } })
      const u = step.uses?.parsed
      if (u && u.kind === 'local' && !u.reusableWorkflow && depth < MAX_COMPOSITE_DEPTH) {
        const action = localAction(local, u.path)
        if (action && action.runs?.using === 'composite' && action !== file) {
          visit(action.jobs[0]?.steps ?? [], action, [...chain, ...(chain.length ? [] : [site.job.id]), step.uses!.value], t, depth + 1)
        }
      }
    }
  }
  visit(site.job.steps, site.wf, site.chain, undefined, 0)
  return out
}
