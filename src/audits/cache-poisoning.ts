/**
 * cache-poisoning: a cache restored into a release build runs whatever the cache holds. Any
 * workflow on the default branch can write those caches — the Ultralytics releases of
 * December 2024 were built from one.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { factsOf, input, isFalse, isTrue, versionOf, withNode } from '../workflow/actions.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { StepSite } from '../workflow/sites.js'
import { jobReachable, occasions } from '../workflow/triggers.js'
import type { Occasion } from '../workflow/triggers.js'
import type { Tri } from '../workflow/expr.js'
import { evalText } from '../workflow/matrix.js'
import type { Workflow } from '../workflow/model.js'
import type { Pos } from '../workflow/yaml.js'

interface Hit {
  /** certain: the cache is restored; conditional: restored when a file of the repository exists. */
  how: 'certain' | 'conditional'
  why: string
  at: Pos
  off: string
}

function withPos(s: StepSite, key: string): Pos {
  return withNode(s.step, key)?.pos ?? s.step.uses!.pos
}

/** Events on which setup-uv's `enable-cache: auto` leaves the cache off (its action.yml, v10+). */
const UV_AUTO_OFF = (o: Occasion) => o.event === 'release' || (o.event === 'push' && o.refKind === 'tag') || o.event === 'pull_request_target' || o.event === 'workflow_run'

/** The occasions on which a job can run (all of them for an action file or a called workflow). */
function reachable(s: StepSite, wf: Workflow): Occasion[] | undefined {
  if (wf.kind !== 'workflow') return undefined
  return occasions(wf).filter((o) => jobReachable(wf, s.top.job, o) !== false)
}

/**
 * Is a toggle written as an expression on, on some occasion that reaches the job? `true` with
 * the occasion, `false` when it is off on every one, `unknown` when it cannot be told.
 */
function toggleOn(text: string, s: StepSite, wf: Workflow, kind: 'boolean' | 'string'): { on: Tri; label?: string } {
  const occ = reachable(s, wf)
  if (!occ) return { on: 'unknown' }
  let any: Tri = false
  for (const o of occ) {
    const v = evalText(text, o.resolve)
    if (v === undefined) any = 'unknown'
    else if (kind === 'boolean' ? isTrue(String(v)) : v !== null && v !== false && String(v).trim() !== '' && !isFalse(String(v))) return { on: true, label: o.label }
  }
  return { on: any }
}

function judge(s: StepSite, wf: Workflow): Hit | undefined {
  const c = factsOf(s.step)?.cache
  if (!c) return undefined
  // `lookup-only: true`, `cache-disabled: true`: the step restores nothing
  if (c.optOut?.some((k) => isTrue(input(s.step, k)))) return undefined
  const name = s.step.uses!.value
  const what = (v: string) => c.what.replace('$value', v.trim())
  if (!c.input) return { how: 'certain', why: `restores ${what('')}`, at: s.step.uses!.pos, off: c.off }
  const v = input(s.step, c.input)
  const kind = c.kind ?? 'boolean'
  if (v !== undefined && v.trim() !== '') {
    if (v.includes('${{')) {
      const t = toggleOn(v, s, wf, kind)
      if (t.on === false) return undefined
      if (t.on === true) return { how: 'certain', why: `restores ${what(kind === 'string' ? 'configured' : '')} (\`${c.input}: ${v.trim()}\` is on for ${t.label})`, at: withPos(s, c.input), off: c.off }
      return { how: 'certain', why: `may restore ${what('configured')} (\`${c.input}: ${v.trim()}\` cannot be decided before the run)`, at: withPos(s, c.input), off: c.off }
    }
    if (isFalse(v)) return undefined
    if (kind === 'string' || isTrue(v)) return { how: 'certain', why: `restores ${what(v)}`, at: withPos(s, c.input), off: c.off }
    // a value other than true/false (setup-uv's `auto`) falls through to the default rule
  }
  if (c.offWhenFalse?.some((k) => isFalse(input(s.step, k)))) return undefined
  const ver = versionOf(s.step, s.wf)
  const rule = (c.defaults ?? []).find((d) => (d.from === undefined || (ver !== undefined && ver >= d.from)) && (d.to === undefined || (ver !== undefined && ver <= d.to)))
  const is = rule?.is ?? 'on'
  const plain = what('').replace(/\s+/g, ' ').replace(/the {2}/, 'the ')
  switch (is) {
    case 'off':
      return undefined
    case 'on':
      return { how: 'certain', why: `restores ${plain} (on by default)`, at: s.step.uses!.pos, off: c.off }
    case 'conditional':
      return { how: 'conditional', why: `restores ${plain} by default ${c.conditionalWhy ?? "when the repository's files ask for it"}`, at: s.step.uses!.pos, off: c.off }
    case 'auto-uv': {
      const occ = reachable(s, wf)
      const unknownVersion = ver === undefined
      // v5-v9 restore on every event; v10+ skip release, tag pushes, pull_request_target, workflow_run
      const old = ver !== undefined && ver < 10
      if (!occ) return { how: 'conditional', why: `restores ${plain} by default on most events`, at: s.step.uses!.pos, off: c.off }
      const on = old ? occ : occ.filter((o) => !UV_AUTO_OFF(o))
      if (on.length) return { how: unknownVersion ? 'conditional' : 'certain', why: `restores ${plain} by default (\`enable-cache: auto\`) on ${on[0].label}${unknownVersion ? ` (version unknown: ${code(name)} has no version comment)` : ''}`, at: s.step.uses!.pos, off: c.off }
      return undefined
    }
  }
}

export const rule: Rule = {
  id: 'cache-poisoning',
  title: 'cache restored into a release build',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all' && ctx.workflow.kind === 'workflow') return []
    const out: Finding[] = []
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      for (const s of stepSites(site, ctx.local)) {
        const h = judge(s, ctx.workflow)
        if (!h) continue
        out.push(
          ctx.finding({
            message: `${code(s.step.uses!.value)} ${h.why} in job ${code(site.job.id)}, which ${site.target ? 'publishes' : 'builds what is published'}`,
            fix: `${h.off} A release build should start from nothing that another workflow could have written.`,
            ...atStep(s, h.at),
            ...(h.how === 'conditional' ? { severity: 'warning' as const } : {}),
          }),
        )
      }
    }
    return out
  },
}
