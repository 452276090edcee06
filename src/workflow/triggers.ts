/**
 * Which triggers can reach a job or a step. Each trigger is split into "occasions" (a push
 * of a branch and a push of a tag are different things to a release), and each occasion
 * comes with what is known of `github.*` on it. A job is unreachable on an occasion only when
 * its `if:` (or a needed job's) is certainly false there.
 */
import type { AV, Resolver, Tri } from './expr.js'
import { UNKNOWN, evaluateCondition, known, usesStatusFunction } from './expr.js'
import type { Job, Step, Workflow } from './model.js'
import type { Pos, YNode } from './yaml.js'
import { get } from './yaml.js'

export interface Occasion {
  event: string
  /** For push: which kind of ref was pushed. */
  refKind?: 'branch' | 'tag'
  /** Human words: "a push to a branch (main)", "a pull_request". */
  label: string
  pos: Pos
  /** Branch or tag filters, as written. */
  filters: string[]
  resolve: Resolver
}

/** Triggers through which people outside the project can start the workflow, with the base repository's secrets. */
export const DANGEROUS_EVENTS: Record<string, string> = {
  pull_request_target: 'runs for pull requests from forks with the base repository\'s secrets and a write token',
  workflow_run: 'runs with secrets after another workflow, which may have been started by a pull request from a fork',
  issue_comment: 'anyone who can comment on an issue or pull request can start it',
  issues: 'anyone who can open or edit an issue can start it',
  discussion: 'anyone who can open a discussion can start it',
  discussion_comment: 'anyone who can comment on a discussion can start it',
}

/**
 * Events an outsider starts with text of their own in the payload, and that run with the
 * repository's secrets only sometimes. A review (or review comment) on a pull request from a
 * fork runs like `pull_request` from a fork: a read-only token and no secrets (docs.github.com,
 * "Events that trigger workflows", `pull_request_review`: "Workflows in forked repositories").
 * So they are not dangerous triggers. But anyone can review a pull request whose branch is in
 * the repository itself, and that run has the secrets: the review's text is still an outsider's
 * in a run with secrets (template-injection).
 */
export const REVIEW_EVENTS: Record<string, string> = {
  pull_request_review: "runs this step with the repository's secrets when the pull request's branch is in this repository (anyone can review it; from a fork it gets no secrets)",
  pull_request_review_comment: "runs this step with the repository's secrets when the pull request's branch is in this repository (anyone can comment on its diff; from a fork it gets no secrets)",
}

/** Payload keys per event (docs.github.com, "Webhook events and payloads"); others are null there. */
const PAYLOAD: Record<string, string[]> = {
  push: ['ref', 'before', 'after', 'base_ref', 'commits', 'compare', 'created', 'deleted', 'forced', 'head_commit', 'pusher', 'repository', 'sender', 'organization', 'enterprise', 'installation'],
  release: ['action', 'release', 'repository', 'sender', 'organization', 'enterprise', 'installation', 'changes'],
  workflow_dispatch: ['inputs', 'ref', 'repository', 'sender', 'workflow', 'organization', 'enterprise', 'installation'],
  schedule: ['schedule', 'repository', 'organization', 'enterprise', 'sender'],
  pull_request: ['action', 'number', 'pull_request', 'repository', 'sender', 'label', 'assignee', 'requested_reviewer', 'requested_team', 'changes', 'before', 'after', 'organization', 'enterprise', 'installation', 'milestone'],
}
PAYLOAD.pull_request_target = PAYLOAD.pull_request

/** The `action` values an event can have (docs.github.com, "Events that trigger workflows"). */
const ACTIONS: Record<string, string[]> = {
  pull_request: ['assigned', 'unassigned', 'labeled', 'unlabeled', 'opened', 'edited', 'closed', 'reopened', 'synchronize', 'converted_to_draft', 'ready_for_review', 'locked', 'unlocked', 'review_requested', 'review_request_removed', 'auto_merge_enabled', 'auto_merge_disabled', 'milestoned', 'demilestoned', 'enqueued', 'dequeued'],
  release: ['published', 'unpublished', 'created', 'edited', 'deleted', 'prereleased', 'released'],
  workflow_run: ['requested', 'in_progress', 'completed'],
  issue_comment: ['created', 'edited', 'deleted'],
}
ACTIONS.pull_request_target = ACTIONS.pull_request

const PR_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment'])

function stringList(node: YNode | undefined): string[] | undefined {
  if (!node) return undefined
  if (node.kind === 'scalar') return node.value === null ? [] : [String(node.value)]
  if (node.kind === 'seq') return node.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [String(i.value)] : []))
  return undefined
}

/** Longest literal prefix of glob filters (`v*` -> `v`), or '' when they share none. */
function literalPrefix(globs: string[]): string {
  const lits = globs.map((g) => g.split(/[*?[!+]/)[0])
  if (lits.length === 0) return ''
  let p = lits[0]
  for (const l of lits) while (!l.startsWith(p)) p = p.slice(0, -1)
  return p
}

function makeResolver(event: string, ref: AV, refType: AV, action: AV): Resolver {
  const payload = PAYLOAD[event]
  return (path: string): AV => {
    switch (path) {
      case 'github.event_name':
        return known(event)
      case 'github.ref':
        return ref
      case 'github.ref_type':
        return refType
      case 'github.ref_name':
        return ref.t === 'known' && typeof ref.v === 'string' ? known(ref.v.replace(/^refs\/(heads|tags)\//, '')) : UNKNOWN
      case 'github.event.action':
        return payload && !payload.includes('action') ? known(null) : action
      case 'github.head_ref':
      case 'github.base_ref':
        return PR_EVENTS.has(event) ? UNKNOWN : known('')
      default:
    }
    const m = /^github\.event\.([^.]+)/.exec(path)
    if (m && payload && !payload.includes(m[1])) return known(null)
    return UNKNOWN
  }
}

/**
 * The occasions of a workflow, made once per parsed workflow (several rules ask, each step of
 * a rule again); the list and its occasions are never changed by a reader.
 */
export function occasions(wf: Workflow): readonly Occasion[] {
  let out = occasionsMemo.get(wf)
  if (!out) {
    out = occasionsOf(wf)
    occasionsMemo.set(wf, out)
  }
  return out
}
const occasionsMemo = new WeakMap<Workflow, readonly Occasion[]>()

function occasionsOf(wf: Workflow): Occasion[] {
  const out: Occasion[] = []
  for (const t of wf.triggers) {
    const cfg = t.config
    const types = stringList(get(cfg, 'types'))
    const all = ACTIONS[t.event]
    const action: AV = types && types.length === 1 ? known(types[0]) : types && types.length ? { t: 'oneOf', vs: types } : all ? { t: 'oneOf', vs: all } : UNKNOWN
    if (t.event === 'push') {
      const branches = stringList(get(cfg, 'branches'))
      const branchesIgnore = stringList(get(cfg, 'branches-ignore'))
      const tags = stringList(get(cfg, 'tags'))
      const tagsIgnore = stringList(get(cfg, 'tags-ignore'))
      const hasBranchFilter = branches !== undefined || branchesIgnore !== undefined
      const hasTagFilter = tags !== undefined || tagsIgnore !== undefined
      // GitHub: with only branch filters, tag pushes do not run the workflow, and vice versa.
      const runsOnBranches = !hasTagFilter || hasBranchFilter
      const runsOnTags = !hasBranchFilter || hasTagFilter
      if (runsOnBranches && !(branches && branches.length === 0)) {
        const single = branches && branches.length === 1 && !/[*?[!]/.test(branches[0]) ? branches[0] : undefined
        const ref: AV = single ? known(`refs/heads/${single}`) : { t: 'prefix', p: `refs/heads/${literalPrefix(branches ?? [])}` }
        out.push({
          event: 'push',
          refKind: 'branch',
          label: `a push to a branch${branches ? ` (${branches.join(', ')})` : ''}`,
          pos: t.pos,
          filters: branches ?? [],
          resolve: makeResolver('push', ref, known('branch'), UNKNOWN),
        })
      }
      if (runsOnTags && !(tags && tags.length === 0)) {
        out.push({
          event: 'push',
          refKind: 'tag',
          label: `a push of a tag${tags ? ` (${tags.join(', ')})` : ''}`,
          pos: t.pos,
          filters: tags ?? [],
          resolve: makeResolver('push', { t: 'prefix', p: `refs/tags/${literalPrefix(tags ?? [])}` }, known('tag'), UNKNOWN),
        })
      }
      continue
    }
    let ref: AV = UNKNOWN
    let refType: AV = UNKNOWN
    if (t.event === 'release') {
      ref = { t: 'prefix', p: 'refs/tags/' }
      refType = known('tag')
    } else if (t.event === 'pull_request') ref = { t: 'prefix', p: 'refs/pull/' }
    else if (['schedule', 'workflow_run', 'pull_request_target', 'issue_comment', 'issues', 'discussion', 'discussion_comment', 'pull_request_review', 'pull_request_review_comment'].includes(t.event)) {
      ref = { t: 'prefix', p: 'refs/heads/' }
      refType = known('branch')
    }
    out.push({ event: t.event, label: `${t.event === 'pull_request' ? 'a ' : ''}${t.event}`, pos: t.pos, filters: stringList(get(cfg, 'branches')) ?? [], resolve: makeResolver(t.event, ref, refType, action) })
  }
  return out
}

/**
 * Can the job run on this occasion? Follows its `needs` chain: a skipped need skips it.
 * Iterative (a topological order over the jobs it needs), so a chain of thousands of jobs
 * needs no stack; jobs in a `needs` cycle are undecided. `seen` memoises across calls.
 */
export function jobReachable(wf: Workflow, job: Job, occ: Occasion, seen?: Map<string, Tri>): Tri {
  if (seen) return reachable(wf, job, occ, seen)
  // without a caller's `seen`, each answer is a fresh walk's: kept per occasion (and workflow)
  let m = reachableMemo.get(occ)
  if (!m || m.wf !== wf) {
    m = { wf, answers: new Map() }
    reachableMemo.set(occ, m)
  }
  let r = m.answers.get(job)
  if (r === undefined) {
    r = reachable(wf, job, occ, new Map())
    m.answers.set(job, r)
  }
  return r
}
const reachableMemo = new WeakMap<Occasion, { wf: Workflow; answers: Map<Job, Tri> }>()

function reachable(wf: Workflow, job: Job, occ: Occasion, seen: Map<string, Tri>): Tri {
  const memo = seen.get(job.id)
  if (memo !== undefined) return memo
  const byId = new Map(wf.jobs.map((j) => [j.id, j]))
  // the jobs this one needs, transitively, that are not decided yet
  const todo = new Map<string, Job>()
  const stack = [job]
  while (stack.length) {
    const j = stack.pop()!
    if (todo.has(j.id) || seen.has(j.id)) continue
    todo.set(j.id, j)
    for (const n of j.needs) {
      const d = byId.get(n.value)
      if (d) stack.push(d)
    }
  }
  const pending = new Map<string, number>()
  const dependents = new Map<string, Job[]>()
  for (const j of todo.values()) {
    let k = 0
    for (const n of j.needs) {
      if (!todo.has(n.value)) continue
      k++
      const l = dependents.get(n.value) ?? []
      l.push(j)
      dependents.set(n.value, l)
    }
    pending.set(j.id, k)
  }
  const queue = [...todo.values()].filter((j) => pending.get(j.id) === 0)
  for (let qi = 0; qi < queue.length; qi++) {
    const j = queue[qi]
    seen.set(j.id, decide(wf, j, occ, byId, seen))
    for (const d of dependents.get(j.id) ?? []) {
      const left = pending.get(d.id)! - 1
      pending.set(d.id, left)
      if (left === 0) queue.push(d)
    }
  }
  // what is left is in a cycle (or needs one): undecided unless its own condition is false
  for (const j of todo.values()) if (!seen.has(j.id)) seen.set(j.id, j.if && evaluateCondition(j.if.value, occ.resolve) === false ? false : 'unknown')
  return seen.get(job.id)!
}

/** One job, once the jobs it needs are decided. */
function decide(wf: Workflow, job: Job, occ: Occasion, byId: Map<string, Job>, seen: Map<string, Tri>): Tri {
  const c: Tri = job.if ? evaluateCondition(job.if.value, occ.resolve) : true
  if (c === false) return false
  let result: Tri = c
  const runsAfterSkips = !!job.if && usesStatusFunction(job.if.value)
  for (const n of job.needs) {
    if (!byId.has(n.value)) continue
    const r = seen.get(n.value) ?? 'unknown'
    if (r === false && !runsAfterSkips) return false
    if (r === 'unknown' && result === true) result = 'unknown'
  }
  return result
}

export function stepReachable(wf: Workflow, job: Job, step: Step, occ: Occasion): Tri {
  const j = jobReachable(wf, job, occ)
  if (j === false) return false
  const s: Tri = step.if ? evaluateCondition(step.if.value, occ.resolve) : true
  if (s === false) return false
  return j === true && s === true ? true : 'unknown'
}

/** The occasions on which the job may run. */
export function reachingOccasions(wf: Workflow, job: Job): Occasion[] {
  return occasions(wf).filter((o) => jobReachable(wf, job, o) !== false)
}
