/**
 * Where text an outsider chooses can flow before it is expanded into a script: through `env:`
 * at the workflow, job and step levels, through a local composite action's `inputs.*` bound by
 * the calling step's `with:` (or the input's default), through a local reusable workflow's
 * `inputs.*` bound by the calling job's `with:`, and through a matrix built from such values.
 * The attacker-controlled contexts are the catalogue's (`ATTACKER_CONTEXTS`).
 *
 * Values are followed as written: `${{ env.X }}` carries what `env.X` was given. What a shell
 * does with an environment variable (`"$X"`) is not expansion and is not followed.
 */
import { ATTACKER_CONTEXTS, ATTACKER_OBJECTS } from './catalogue.js'
import { contextRefs } from './expr.js'
import { exprsIn, exprsInScalar } from './expr-sites.js'
import type { ExprSite } from './expr-sites.js'
import type { Job, Step, Workflow } from './model.js'
import { MAX_COMPOSITE_DEPTH, localAction } from './sites.js'
import type { LocalFiles } from './sites.js'
import type { YNode } from './yaml.js'
import { get, str } from './yaml.js'

/** Where a value comes from: text an outsider writes, or an input whoever starts the run writes. */
export interface Source {
  kind: 'attacker' | 'input'
  /** The context path it was read from (`github.event.pull_request.title`). */
  path: string
  /** The hops it took, outermost last: `env.TITLE`, `inputs.title`. */
  via: string[]
}

/** What names mean where an expression is written. Keys are in lower case. */
export interface TaintScope {
  /** The file the expression is written in. */
  wf: Workflow
  env: Map<string, Source[]>
  /**
   * `inputs.*` bound by a caller. Undefined at the top: a workflow's own dispatch/call inputs
   * are written by whoever starts it, an action file's by its unknown caller.
   */
  inputs?: Map<string, Source[]>
  matrix: Map<string, Source[]>
  /** Sources of a matrix given whole as an expression (`${{ fromJSON(...) }}`). */
  matrixAll: Source[]
}

/** Types of a workflow's `inputs.<name>` (workflow_dispatch / workflow_call), by lower-case name. */
function inputType(wf: Workflow, name: string): string | undefined {
  for (const t of wf.triggers) {
    if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call') continue
    const defs = get(t.config, 'inputs')
    if (defs?.kind !== 'map') continue
    for (const p of defs.pairs) if (String(p.key.value).toLowerCase() === name) return str(get(p.value, 'type')) ?? 'string'
  }
  return undefined
}

function hop(sources: Source[], via: string): Source[] {
  return sources.map((s) => ({ ...s, via: [...s.via, via] }))
}

function union(m: Map<string, Source[]>): Source[] {
  return [...m.values()].flat()
}

/** The sources one context path reads, in a scope. */
export function pathSources(raw: string, sc: TaintScope): Source[] {
  const path = raw.toLowerCase()
  if (ATTACKER_CONTEXTS.some((re) => re.test(path)) || ATTACKER_OBJECTS.test(path)) return [{ kind: 'attacker', path: raw, via: [] }]
  const parts = path.split('.')
  if (parts[0] === 'env') return parts.length === 1 ? hop(union(sc.env), 'env') : hop(sc.env.get(parts[1]) ?? [], `env.${raw.split('.')[1]}`)
  if (parts[0] === 'matrix') {
    if (parts.length === 1) return hop([...union(sc.matrix), ...sc.matrixAll], 'matrix')
    return hop([...(sc.matrix.get(parts[1]) ?? []), ...sc.matrixAll], `matrix.${raw.split('.')[1]}`)
  }
  const inputName = parts[0] === 'inputs' ? parts[1] : parts[0] === 'github' && parts[1] === 'event' && parts[2] === 'inputs' ? parts[3] : undefined
  const isInputs = parts[0] === 'inputs' || (parts[0] === 'github' && parts[1] === 'event' && parts[2] === 'inputs')
  if (isInputs) {
    if (sc.inputs) {
      const via = inputName ? `inputs.${raw.split('.').slice(parts[0] === 'inputs' ? 1 : 3)[0]}` : 'inputs'
      return hop(inputName ? (sc.inputs.get(inputName) ?? []) : union(sc.inputs), via)
    }
    if (sc.wf.kind === 'workflow' && inputName) {
      const t = inputType(sc.wf, inputName)
      if (t === undefined || t === 'string') return [{ kind: 'input', path: raw, via: [] }]
    }
  }
  return []
}

/** The sources of one `${{ }}`. */
export function exprSources(e: ExprSite, sc: TaintScope): Source[] {
  const paths = e.expr ? contextRefs(e.expr) : [...e.inner.matchAll(/[a-z_][\w.*-]*/gi)].map((m) => m[0])
  return paths.flatMap((p) => pathSources(p, sc))
}

/** The sources of every `${{ }}` under a node. */
export function nodeSources(node: YNode | undefined, sc: TaintScope): Source[] {
  if (!node) return []
  return exprsIn(sc.wf, node).flatMap((e) => exprSources(e, sc))
}

function envScope(base: Map<string, Source[]>, env: Map<string, YNode>, sc: TaintScope): Map<string, Source[]> {
  if (env.size === 0) return base
  const out = new Map(base)
  // a level's values are read with the levels above it (and its own keys as given before it)
  for (const [k, v] of env) out.set(k.toLowerCase(), nodeSources(v, { ...sc, env: out }))
  return out
}

function matrixScope(job: Job, sc: TaintScope): { matrix: Map<string, Source[]>; matrixAll: Source[] } {
  const m = get(job.strategy, 'matrix')
  const matrix = new Map<string, Source[]>()
  if (!m) return { matrix, matrixAll: [] }
  if (m.kind !== 'map') return { matrix, matrixAll: nodeSources(m, sc) }
  const add = (k: string, s: Source[]) => {
    if (s.length) matrix.set(k.toLowerCase(), [...(matrix.get(k.toLowerCase()) ?? []), ...s])
  }
  for (const p of m.pairs) {
    const key = String(p.key.value)
    if (key === 'include' || key === 'exclude') {
      if (key === 'exclude') continue
      if (p.value.kind !== 'seq') {
        const all = nodeSources(p.value, sc)
        if (all.length) return { matrix, matrixAll: all }
        continue
      }
      for (const item of p.value.items) {
        if (item.kind === 'map') for (const q of item.pairs) add(String(q.key.value), nodeSources(q.value, sc))
        else add('*', nodeSources(item, sc))
      }
      continue
    }
    add(key, nodeSources(p.value, sc))
  }
  const star = matrix.get('*') ?? []
  return { matrix, matrixAll: star }
}

/** An input the caller does not give takes its default, read where the action runs. */
function withDefaults(action: Workflow, inputs: Map<string, Source[]>, caller: TaintScope): Map<string, Source[]> {
  const defs = get(action.yaml.root, 'inputs')
  if (defs?.kind !== 'map') return inputs
  for (const p of defs.pairs) {
    const k = String(p.key.value).toLowerCase()
    if (!inputs.has(k)) inputs.set(k, nodeSources(get(p.value, 'default'), { ...caller, wf: action, inputs: new Map() }))
  }
  return inputs
}

/** A step where expressions can be expanded, with what its names mean there. */
export interface TaintedStep {
  step: Step
  /** The job the step runs in (a called workflow's job for reusable workflows). */
  job: Job
  scope: TaintScope
  /** Hops from the audited workflow, as `sites.ts` writes them. */
  chain: string[]
  /** The job and step of the audited workflow this step is reached from. */
  top: { job: Job; step: Step }
}

/** Every step of the jobs, through local reusable workflows and composite actions, with its scope. */
export function taintedSteps(wf: Workflow, jobs: Job[], local: LocalFiles): TaintedStep[] {
  const out: TaintedStep[] = []
  const visitSteps = (steps: Step[], job: Job, sc: TaintScope, chain: string[], topJob: Job, topStep: Step | undefined, depth: number) => {
    for (const step of steps) {
      const own: TaintScope = { ...sc, env: envScope(sc.env, step.env, sc) }
      const t = topStep ?? step
      out.push({ step, job, scope: own, chain, top: { job: topJob, step: t } })
      const u = step.uses?.parsed
      if (!u || u.kind !== 'local' || u.reusableWorkflow || depth >= MAX_COMPOSITE_DEPTH) continue
      const action = localAction(local, u.path)
      if (!action || action.runs?.using !== 'composite' || action === sc.wf) continue
      const inputs = new Map<string, Source[]>()
      for (const [k, v] of step.with) inputs.set(k.toLowerCase(), nodeSources(v, own))
      withDefaults(action, inputs, own)
      const inner: TaintScope = { wf: action, env: own.env, inputs, matrix: own.matrix, matrixAll: own.matrixAll }
      visitSteps(action.jobs[0]?.steps ?? [], job, inner, [...chain, ...(chain.length ? [] : [job.id]), step.uses!.value], topJob, t, depth + 1)
    }
  }
  const visitJob = (job: Job, file: Workflow, chain: string[], inputs: Map<string, Source[]> | undefined, topJob: Job | undefined, depth: number) => {
    const base: TaintScope = { wf: file, env: new Map(), ...(inputs ? { inputs } : {}), matrix: new Map(), matrixAll: [] }
    const wfEnv = envScope(new Map(), file.env, base)
    const withMatrix = { ...base, env: wfEnv, ...matrixScope(job, { ...base, env: wfEnv }) }
    const jobScope: TaintScope = { ...withMatrix, env: envScope(wfEnv, job.env, withMatrix) }
    const u = job.uses?.parsed
    if (u && u.kind === 'local' && u.reusableWorkflow && depth < MAX_COMPOSITE_DEPTH) {
      const called = local.get(u.path)
      if (called && called !== file) {
        const bound = new Map<string, Source[]>()
        for (const [k, v] of job.with) bound.set(k.toLowerCase(), nodeSources(v, jobScope))
        for (const j of called.jobs) visitJob(j, called, [...chain, job.id, job.uses!.value], bound, topJob ?? job, depth + 1)
      }
      return
    }
    visitSteps(job.steps, job, jobScope, chain, topJob ?? job, undefined, 0)
  }
  if (wf.kind === 'action') {
    // an action file audited alone: its inputs are its defaults (the caller is not known)
    const none: TaintScope = { wf, env: new Map(), matrix: new Map(), matrixAll: [] }
    const sc: TaintScope = { ...none, inputs: withDefaults(wf, new Map(), none) }
    for (const j of jobs) visitSteps(j.steps, j, sc, [], j, undefined, 0)
    return out
  }
  for (const j of jobs) visitJob(j, wf, [], undefined, undefined, 0)
  return out
}

/** The sources of a scalar's expressions, each with its site. */
export function scalarTaint(node: YNode, sc: TaintScope): Array<{ site: ExprSite; sources: Source[] }> {
  if (node.kind !== 'scalar') return []
  return exprsInScalar(sc.wf, node).map((site) => ({ site, sources: exprSources(site, sc) }))
}
