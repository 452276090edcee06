/**
 * The places rules look at: jobs and steps in scope, including those of local reusable
 * workflows (`uses: ./.github/workflows/x.yml`) and local composite actions
 * (`uses: ./path`) when their files were loaded. Each site knows the file it lives in and the
 * chain that led to it.
 */
import type { Job, Step, Workflow } from './model.js'
import type { RepoUses } from './uses.js'
import { bindEnv, exportedSecrets, secretsIn } from './secrets.js'
import type { SecretBinding, SecretRef, SecretScope } from './secrets.js'
import type { Scope } from './scope.js'
import { UNKNOWN, known } from './expr.js'
import type { AV, Resolver } from './expr.js'
import { evalText } from './matrix.js'
import { get } from './yaml.js'

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
  /**
   * Inside a local composite action: its `inputs.*` as the calling step binds them (`with:`,
   * else the input's `default:`, else empty), names lower-cased. Unknown where the caller
   * passes an expression that cannot be decided before the run.
   */
  inputs?: Map<string, AV>
  /**
   * What carries a secret where the step is written: the variables its process sees (workflow,
   * job, calling steps and its own `env:`) and, inside a composite action, the `inputs.*` its
   * caller gave a secret.
   */
  secrets: SecretScope
}

/**
 * A remote composite action's file, when it was read (the resolved graph, online): its steps
 * are then followed like a local composite's. `undefined` for anything else.
 */
export type RemoteComposites = (u: RepoUses) => Workflow | undefined

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

/** A resolver that answers `inputs.*` from a composite's bindings, and the rest from `base`. */
export function withInputs(base: Resolver, inputs: Map<string, AV> | undefined): Resolver {
  if (!inputs) return base
  return (path) => {
    if (!path.startsWith('inputs.')) return base(path)
    const v = inputs.get(path.slice(7).toLowerCase())
    return v ?? known('')
  }
}

/** What a composite's inputs are, as the calling step binds them. */
function bindInputs(action: Workflow, step: Step, outer: Map<string, AV> | undefined): Map<string, AV> {
  const m = new Map<string, AV>()
  const decl = get(action.yaml.root, 'inputs')
  if (decl && decl.kind === 'map') {
    for (const p of decl.pairs) {
      const d = get(p.value, 'default')
      const text = d && d.kind === 'scalar' ? (d.value === null ? '' : String(d.value)) : ''
      // a default may itself be an expression (`${{ github.token }}`): unknown before the run
      m.set(String(p.key.value).toLowerCase(), text.includes('${{') ? UNKNOWN : known(text))
    }
  }
  for (const [k, node] of step.with) {
    if (node.kind !== 'scalar') {
      m.set(k.toLowerCase(), UNKNOWN)
      continue
    }
    const text = node.value === null ? '' : String(node.value)
    if (!text.includes('${{')) {
      m.set(k.toLowerCase(), known(text))
      continue
    }
    // only what the outer composite's own inputs decide can be known here
    const v = evalText(text, withInputs(() => UNKNOWN, outer))
    m.set(k.toLowerCase(), v === undefined ? UNKNOWN : known(v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)))
  }
  return m
}

/**
 * The steps a job site runs, made once per site, local files and remote lookup (several rules
 * walk each job); the list and its sites are only read.
 */
export function stepSites(site: JobSite, local: LocalFiles, remote?: RemoteComposites): readonly StepSite[] {
  const chain = site.chain.join('\0')
  let made = stepSitesMemo.get(site.job)
  if (!made) {
    made = []
    stepSitesMemo.set(site.job, made)
  }
  const hit = made.find((m) => m.wf === site.wf && m.chain === chain && m.target === site.target && m.local === local && m.remote === remote)
  if (hit) return hit.out
  const out = stepSitesOf(site, local, remote)
  made.push({ wf: site.wf, chain, target: site.target, local, remote, out })
  return out
}
const stepSitesMemo = new WeakMap<Job, Array<{ wf: Workflow; chain: string; target: boolean; local: LocalFiles; remote: RemoteComposites | undefined; out: readonly StepSite[] }>>()

function stepSitesOf(site: JobSite, local: LocalFiles, remote?: RemoteComposites): StepSite[] {
  const out: StepSite[] = []
  // variables earlier steps wrote to $GITHUB_ENV with a secret: every later step of the job sees them
  const exported = new Map<string, SecretBinding>()
  const visit = (steps: Step[], file: Workflow, chain: string[], top: Step | undefined, depth: number, inputs: Map<string, AV> | undefined, outer: SecretScope, inRemote: boolean) => {
    for (const step of steps) {
      const t = top ?? step
      const seen = exported.size ? new Map([...outer.env, ...exported]) : outer.env
      const own: SecretScope = { ...(outer.inputs ? { inputs: outer.inputs } : {}), env: bindEnv(seen, step.env, file.file, outer.inputs) }
      out.push({ job: site.job, step, wf: file, chain, target: site.target, top: { job: site.job, step: t }, ...(inputs ? { inputs } : {}), secrets: own })
      if (step.run && typeof step.run.value === 'string') {
        for (const x of exportedSecrets(step.run.value, own)) exported.set(x.name, { ref: x.ref, pos: step.run.pos, file: file.file })
      }
      const u = step.uses?.parsed
      if (!u || depth >= MAX_COMPOSITE_DEPTH) continue
      // a `./` path inside a remote action is the caller's workspace, not the action's repository
      const action =
        u.kind === 'local' && !u.reusableWorkflow && !inRemote ? localAction(local, u.path) : u.kind === 'repo' && !u.reusableWorkflow && remote ? remote(u) : undefined
      if (action && action.runs?.using === 'composite' && action !== file) {
        const bound = new Map<string, SecretRef[]>()
        for (const [k, v] of step.with) {
          const refs = secretsIn(v.kind === 'scalar' && v.value !== null ? String(v.value) : '', own)
          if (refs.length) bound.set(k.toLowerCase(), refs)
        }
        visit(action.jobs[0]?.steps ?? [], action, [...chain, ...(chain.length ? [] : [site.job.id]), step.uses!.value], t, depth + 1, bindInputs(action, step, inputs), { inputs: bound, env: own.env }, inRemote || u.kind === 'repo')
      }
    }
  }
  const wfEnv = bindEnv(new Map(), site.wf.env, site.wf.file)
  visit(site.job.steps, site.wf, site.chain, undefined, 0, undefined, { env: bindEnv(wfEnv, site.job.env, site.wf.file) }, false)
  return out
}
