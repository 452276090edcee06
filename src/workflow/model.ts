/**
 * The typed model of a workflow or action file, every part with its position.
 *
 * Values of the wrong type do not throw: they become `problems` (reported by the
 * `invalid-workflow` rule) and the rest of the file is still modelled and audited.
 */
import { get, parseYaml, str } from './yaml.js'
import type { ParsedYaml, Pos, YComment, YMap, YNode, YScalar } from './yaml.js'
import { parseUses } from './uses.js'
import { topLevelOperands } from './expr.js'
import type { Uses } from './uses.js'

export interface Located<T> {
  value: T
  pos: Pos
}

export interface UsesRef extends Located<string> {
  parsed: Uses
}

export interface Trigger {
  event: string
  pos: Pos
  /** The trigger's configuration (filters, types, inputs), if any. */
  config?: YNode
}

export type PermissionLevel = 'read' | 'write' | 'none'

export interface Permissions {
  pos: Pos
  /** `read-all`, `write-all`, `{}` (none), a map of scopes, or an expression. */
  kind: 'read-all' | 'write-all' | 'map' | 'expression' | 'invalid'
  scopes: Map<string, Located<PermissionLevel | string>>
}

export interface StepRef {
  /** 0-based position in the job's `steps:` list. */
  index: number
  id?: string
  name?: string
}

export interface Step extends StepRef {
  pos: Pos
  node: YMap
  uses?: UsesRef
  run?: YScalar
  with: Map<string, YNode>
  env: Map<string, YNode>
  shell?: string
  if?: Located<string>
}

export interface Job {
  id: string
  pos: Pos
  node: YNode
  name?: string
  runsOn?: YNode
  /** The deployment environment; absent when none is declared or its name can be empty. */
  environment?: { name?: string; node: YNode; pos: Pos }
  /** An `environment:` that is written but can be empty (`''`, `{name: ''}`, `${{ vars.UNSET }}`): no environment. */
  emptyEnvironment?: { name?: string; node: YNode; pos: Pos }
  needs: Located<string>[]
  if?: Located<string>
  /** A reusable-workflow call: `jobs.<id>.uses`. */
  uses?: UsesRef
  with: Map<string, YNode>
  secrets?: { inherit: boolean; node: YNode; pos: Pos }
  permissions?: Permissions
  steps: Step[]
  container?: YNode
  services?: YNode
  strategy?: YNode
  env: Map<string, YNode>
}

export interface Problem {
  message: string
  pos: Pos
}

export interface ActionRuns {
  using: string
  pos: Pos
  image?: Located<string>
  main?: string
}

export interface Workflow {
  kind: 'workflow' | 'action'
  /** Path as shown to users and in annotations (repository-relative when known). */
  file: string
  source: string
  name?: string
  triggers: Trigger[]
  triggersPos?: Pos
  permissions?: Permissions
  env: Map<string, YNode>
  jobs: Job[]
  /** For action files: `runs:`; composite steps are modelled as one job with id `runs`. */
  runs?: ActionRuns
  /** Comments, collected on first use. */
  readonly comments: YComment[]
  problems: Problem[]
  yaml: ParsedYaml
}

const TOP = { line: 1, column: 1 }

function mapEntries(node: YNode | undefined, what: string, problems: Problem[]): Map<string, YNode> {
  const m = new Map<string, YNode>()
  if (!node || (node.kind === 'scalar' && node.value === null)) return m
  if (node.kind !== 'map') {
    if (!(node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${{'))) {
      problems.push({ message: `${what} must be a mapping`, pos: node.pos })
    }
    return m
  }
  for (const p of node.pairs) m.set(literalKey(String(p.key.value)), p.value)
  return m
}

/** A key written as an expression of a string literal (`${{ 'TWINE_PASSWORD' }}`) is that string. */
export function literalKey(k: string): string {
  const m = /^\$\{\{\s*'((?:[^']|'')*)'\s*\}\}$/.exec(k)
  return m ? m[1].replace(/''/g, "'") : k
}

function stringAt(node: YNode | undefined, what: string, problems: Problem[]): Located<string> | undefined {
  if (!node || (node.kind === 'scalar' && node.value === null)) return undefined
  if (node.kind !== 'scalar') {
    problems.push({ message: `${what} must be a string, not a ${node.kind === 'map' ? 'mapping' : 'list'}`, pos: node.pos })
    return undefined
  }
  return { value: String(node.value), pos: node.pos }
}

export function readPermissions(node: YNode, problems: Problem[]): Permissions {
  const scopes = new Map<string, Located<string>>()
  if (node.kind === 'scalar') {
    const v = node.value
    if (v === 'read-all' || v === 'write-all') return { pos: node.pos, kind: v, scopes }
    if (typeof v === 'string' && v.includes('${{')) return { pos: node.pos, kind: 'expression', scopes }
    if (v === null) return { pos: node.pos, kind: 'map', scopes }
    problems.push({ message: `permissions must be read-all, write-all or a mapping of scopes, not '${String(v)}'`, pos: node.pos })
    return { pos: node.pos, kind: 'invalid', scopes }
  }
  if (node.kind === 'seq') {
    problems.push({ message: 'permissions must be a mapping of scopes, not a list', pos: node.pos })
    return { pos: node.pos, kind: 'invalid', scopes }
  }
  for (const p of node.pairs) {
    const v = p.value.kind === 'scalar' ? p.value.value : undefined
    if (v !== 'read' && v !== 'write' && v !== 'none') {
      problems.push({ message: `permission '${p.key.value}' must be read, write or none`, pos: p.value.pos })
    }
    scopes.set(String(p.key.value), { value: String(v ?? ''), pos: p.key.pos })
  }
  return { pos: node.pos, kind: 'map', scopes }
}

function readTriggers(node: YNode | undefined, problems: Problem[]): Trigger[] {
  if (!node) return []
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string') return [{ event: node.value, pos: node.pos }]
    problems.push({ message: '`on:` must name events', pos: node.pos })
    return []
  }
  if (node.kind === 'seq') {
    const out: Trigger[] = []
    for (const it of node.items) {
      if (it.kind === 'scalar' && typeof it.value === 'string') out.push({ event: it.value, pos: it.pos })
      else problems.push({ message: 'each event in `on:` must be a name', pos: it.pos })
    }
    return out
  }
  return node.pairs.map((p) => ({ event: String(p.key.value), pos: p.key.pos, config: p.value }))
}

function readStep(node: YNode, index: number, problems: Problem[]): Step | undefined {
  if (node.kind !== 'map') {
    problems.push({ message: `step ${index + 1} must be a mapping with \`uses:\` or \`run:\``, pos: node.pos })
    return undefined
  }
  const usesNode = get(node, 'uses')
  const usesStr = stringAt(usesNode, '`uses:`', problems)
  const runNode = get(node, 'run')
  let run: YScalar | undefined
  if (runNode) {
    if (runNode.kind === 'scalar') run = runNode
    else problems.push({ message: '`run:` must be a string', pos: runNode.pos })
  }
  if (usesStr && run) problems.push({ message: 'a step cannot have both `uses:` and `run:`', pos: node.pos })
  const id = stringAt(get(node, 'id'), 'step `id:`', problems)?.value
  const name = stringAt(get(node, 'name'), 'step `name:`', problems)?.value
  const ifv = get(node, 'if')
  return {
    index,
    ...(id !== undefined ? { id } : {}),
    ...(name !== undefined ? { name } : {}),
    pos: node.pos,
    node,
    ...(usesStr ? { uses: { ...usesStr, parsed: parseUses(usesStr.value) } } : {}),
    ...(run ? { run } : {}),
    with: mapEntries(get(node, 'with'), 'step `with:`', problems),
    env: mapEntries(get(node, 'env'), 'step `env:`', problems),
    ...(str(get(node, 'shell')) !== undefined ? { shell: str(get(node, 'shell')) } : {}),
    ...(ifv && ifv.kind === 'scalar' && ifv.value !== null ? { if: { value: String(ifv.value), pos: ifv.pos } } : {}),
  }
}

function readSteps(node: YNode | undefined, problems: Problem[]): Step[] {
  if (!node) return []
  if (node.kind !== 'seq') {
    problems.push({ message: '`steps:` must be a list', pos: node.pos })
    return []
  }
  const out: Step[] = []
  node.items.forEach((it, i) => {
    const s = readStep(it, i, problems)
    if (s) out.push(s)
  })
  return out
}

function readJob(id: string, keyPos: Pos, node: YNode, problems: Problem[]): Job {
  const job: Job = { id, pos: keyPos, node, needs: [], with: new Map(), steps: [], env: new Map() }
  if (node.kind !== 'map') {
    problems.push({ message: `job '${id}' must be a mapping`, pos: node.pos })
    return job
  }
  const name = stringAt(get(node, 'name'), 'job `name:`', problems)
  if (name) job.name = name.value
  job.runsOn = get(node, 'runs-on')
  const env = get(node, 'environment')
  if (env && !(env.kind === 'scalar' && env.value === null)) {
    const envName = env.kind === 'map' ? str(get(env, 'name')) : env.kind === 'scalar' ? String(env.value) : undefined
    if (env.kind === 'seq') problems.push({ message: '`environment:` must be a name or a mapping with `name:`', pos: env.pos })
    job.environment = { ...(envName !== undefined ? { name: envName } : {}), node: env, pos: env.pos }
  }
  const needs = get(node, 'needs')
  if (needs) {
    if (needs.kind === 'scalar' && needs.value !== null) job.needs.push({ value: String(needs.value), pos: needs.pos })
    else if (needs.kind === 'seq') {
      for (const n of needs.items) {
        if (n.kind === 'scalar' && n.value !== null) job.needs.push({ value: String(n.value), pos: n.pos })
        else problems.push({ message: 'each `needs:` entry must be a job id', pos: n.pos })
      }
    } else if (needs.kind === 'map') problems.push({ message: '`needs:` must be a job id or a list of job ids', pos: needs.pos })
  }
  const ifv = get(node, 'if')
  if (ifv && ifv.kind === 'scalar' && ifv.value !== null) job.if = { value: String(ifv.value), pos: ifv.pos }
  const uses = stringAt(get(node, 'uses'), 'job `uses:`', problems)
  if (uses) job.uses = { ...uses, parsed: parseUses(uses.value) }
  job.with = mapEntries(get(node, 'with'), 'job `with:`', problems)
  const secrets = get(node, 'secrets')
  if (secrets) job.secrets = { inherit: secrets.kind === 'scalar' && secrets.value === 'inherit', node: secrets, pos: secrets.pos }
  const perms = get(node, 'permissions')
  if (perms) job.permissions = readPermissions(perms, problems)
  job.steps = readSteps(get(node, 'steps'), problems)
  if (!job.uses && !get(node, 'steps')) problems.push({ message: `job '${id}' has neither \`steps:\` nor \`uses:\``, pos: keyPos })
  job.container = get(node, 'container')
  job.services = get(node, 'services')
  job.strategy = get(node, 'strategy')
  job.env = mapEntries(get(node, 'env'), 'job `env:`', problems)
  return job
}

/** True for a file that looks like an action's metadata (`runs:` at the top, no `jobs:`). */
function looksLikeAction(root: YNode | undefined, file: string): boolean {
  if (/(^|\/)action\.ya?ml$/.test(file)) return true
  return !!root && root.kind === 'map' && !!get(root, 'runs') && !get(root, 'jobs')
}

export function modelFromYaml(yaml: ParsedYaml, file: string): Workflow {
  const problems: Problem[] = []
  const root = yaml.root
  const wf: Workflow = {
    kind: looksLikeAction(root, file) ? 'action' : 'workflow',
    file,
    source: yaml.source,
    triggers: [],
    env: new Map(),
    jobs: [],
    get comments() {
      return yaml.comments
    },
    problems,
    yaml,
  }
  if (!root || root.kind !== 'map') {
    problems.push({ message: 'the file must be a YAML mapping (a workflow with `on:` and `jobs:`, or an action with `runs:`)', pos: root?.pos ?? TOP })
    return wf
  }
  const name = stringAt(get(root, 'name'), '`name:`', problems)
  if (name) wf.name = name.value

  if (wf.kind === 'action') {
    const runs = get(root, 'runs')
    if (!runs || runs.kind !== 'map') {
      problems.push({ message: 'an action needs a `runs:` mapping', pos: runs?.pos ?? TOP })
      return wf
    }
    const using = str(get(runs, 'using')) ?? ''
    const image = stringAt(get(runs, 'image'), '`runs.image`', problems)
    wf.runs = { using, pos: runs.pos, ...(image ? { image } : {}), ...(str(get(runs, 'main')) ? { main: str(get(runs, 'main')) } : {}) }
    if (using === 'composite') {
      const job: Job = { id: 'runs', pos: runs.pos, node: runs, needs: [], with: new Map(), steps: readSteps(get(runs, 'steps'), problems), env: new Map() }
      wf.jobs.push(job)
      for (const s of job.steps) homes.set(s, { wf, job })
    }
    return wf
  }

  const onPair = root.pairs.find((p) => p.key.value === 'on')
  if (!onPair) problems.push({ message: 'a workflow needs `on:`', pos: TOP })
  else {
    wf.triggersPos = onPair.key.pos
    wf.triggers = readTriggers(onPair.value, problems)
  }
  const perms = get(root, 'permissions')
  if (perms) wf.permissions = readPermissions(perms, problems)
  wf.env = mapEntries(get(root, 'env'), '`env:`', problems)
  const jobs = get(root, 'jobs')
  if (!jobs) problems.push({ message: 'a workflow needs `jobs:`', pos: TOP })
  else if (jobs.kind !== 'map') problems.push({ message: '`jobs:` must be a mapping of job ids to jobs', pos: jobs.pos })
  else for (const p of jobs.pairs) wf.jobs.push(readJob(String(p.key.value), p.key.pos, p.value, problems))

  // empty is missing: `environment: ''`, `{ name: '' }`, a mapping without `name:`, or an
  // expression that can evaluate to empty declares no environment (GitHub runs the job without one)
  for (const j of wf.jobs) {
    const e = j.environment
    if (!e) continue
    if (e.name === undefined || e.name.trim() === '' || mayBeEmpty(e.name, wf, j)) {
      j.emptyEnvironment = { node: e.node, pos: e.pos, ...(e.name !== undefined ? { name: e.name } : {}) }
      delete j.environment
    }
  }

  const ids = new Set(wf.jobs.map((j) => j.id))
  for (const j of wf.jobs) {
    for (const s of j.steps) homes.set(s, { wf, job: j })
    for (const n of j.needs) {
      if (!ids.has(n.value)) problems.push({ message: `job '${j.id}' needs '${n.value}', which is not a job in this workflow`, pos: n.pos })
    }
  }
  return wf
}


/** A non-empty string literal (`'pypi'`), as written in an expression. */
const NON_EMPTY_LITERAL = /^'(?:[^']|'')+'$/

/** Can an input of the workflow be empty? Only `environment` and `choice` inputs with non-empty options cannot. */
function inputMayBeEmpty(wf: Workflow, name: string): boolean {
  let declared = false
  for (const t of wf.triggers) {
    if (t.event !== 'workflow_dispatch' && t.event !== 'workflow_call') continue
    const inputs = get(t.config, 'inputs')
    if (!inputs || inputs.kind !== 'map') return true
    const pair = inputs.pairs.find((p) => String(p.key.value).toLowerCase() === name.toLowerCase())
    if (!pair) return true
    declared = true
    const type = str(get(pair.value, 'type'))
    if (type === 'environment') continue
    const options = get(pair.value, 'options')
    if (type === 'choice' && options?.kind === 'seq' && options.items.length > 0 && options.items.every((o) => o.kind === 'scalar' && o.value !== null && String(o.value).trim() !== '')) continue
    return true
  }
  return !declared
}

/**
 * Can a matrix value be empty? Not when every value listed is a non-empty name and every
 * `include` entry either names one or only adds keys to the existing combinations (an entry
 * that sets an original key to a new value is a new combination, without the name).
 */
function matrixMayBeEmpty(job: Job, name: string): boolean {
  const m = get(job.strategy, 'matrix')
  if (!m || m.kind !== 'map') return true
  const nonEmpty = (n: YNode | undefined) => !!n && n.kind === 'scalar' && n.value !== null && String(n.value).trim() !== '' && !String(n.value).includes('${{')
  const values = get(m, name)
  if (values && !(values.kind === 'seq' && values.items.length > 0 && values.items.every(nonEmpty))) return true
  const original = new Set(m.pairs.map((p) => String(p.key.value)).filter((k) => k !== 'include' && k !== 'exclude'))
  const include = get(m, 'include')
  if (include) {
    if (include.kind !== 'seq') return true
    for (const it of include.items) {
      if (it.kind !== 'map') return true
      if (get(it, name)) {
        if (!nonEmpty(get(it, name))) return true
      } else if (!values || it.pairs.some((p) => original.has(String(p.key.value)))) return true
    }
  }
  return !values && !include
}

/**
 * Can an environment name written with an expression evaluate to empty? Text around the
 * expression, a non-empty literal fallback (`|| 'pypi'`), a choice or environment input, or a
 * matrix of non-empty names cannot; anything else (`vars.X`, `secrets.X`, outputs) can.
 */
function mayBeEmpty(name: string, wf: Workflow, job: Job): boolean {
  const t = name.trim()
  if (!t.includes('${{')) return false
  const m = /^\$\{\{([^}]*)\}\}$/.exec(t)
  // text around the expressions is never empty; expressions side by side can all be
  if (!m) return t.replace(/\$\{\{(?:(?!\$\{\{)[^}])*\}\}/g, '').trim() === ''
  const e = m[1].trim()
  const alts = topLevelOperands(e, '||')
  const last = alts[alts.length - 1]
  if (NON_EMPTY_LITERAL.test(last)) return false
  if (alts.length > 1) return true
  if (/^format\(\s*'[^'{]/i.test(e)) return false
  const input = /^(?:inputs|github\.event\.inputs)\.([\w-]+)$/i.exec(e)
  if (input) return inputMayBeEmpty(wf, input[1])
  const matrix = /^matrix\.([\w-]+)$/i.exec(e)
  if (matrix) return matrixMayBeEmpty(job, matrix[1])
  return true
}

/** Parse source text into a model; throws InputError for unreadable YAML. */
export function parseWorkflow(source: string, file: string): Workflow {
  return modelFromYaml(parseYaml(source, file), file)
}

const homes = new WeakMap<Step, { wf: Workflow; job: Job }>()

/** The file and job a step is written in (its `env:` is inside theirs). */
export function homeOf(step: Step): { wf: Workflow; job: Job } | undefined {
  return homes.get(step)
}

export function findJob(wf: Workflow, id: string): Job | undefined {
  return wf.jobs.find((j) => j.id === id)
}
