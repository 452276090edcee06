/**
 * cache-poisoning: a cache restored into a release build runs whatever the cache holds. Any
 * workflow on the default branch can write those caches — the Ultralytics releases of
 * December 2024 were built from one.
 *
 * What restores, through which input or environment variable, and by default from which
 * version, is the catalogue's (`CacheFacts`). Here it is read on each occasion that can reach
 * the job (and each leg of its matrix): a toggle written as an expression is evaluated there.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { actionOf, factsOf, holds, input, isFalse, isTrue, logicalLines, runText, versionIn, versionParts, withNode } from '../workflow/actions.js'
import type { CacheDefault, CacheFacts } from '../workflow/catalogue.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { JobSite, RemoteComposites, StepSite } from '../workflow/sites.js'
import { needsClosure } from '../workflow/scope.js'
import { compositeLookup } from '../resolve/graph.js'
import { withInputs } from '../workflow/sites.js'
import { stepPublishes } from '../workflow/publish.js'
import { jobReachable, occasions, stepReachable } from '../workflow/triggers.js'
import { UNKNOWN, evaluateCondition } from '../workflow/expr.js'
import type { AV, Resolver } from '../workflow/expr.js'
import { evalText, legResolver, matrixLegs } from '../workflow/matrix.js'
import type { Job, Workflow } from '../workflow/model.js'
import type { Pos, YNode, YScalar } from '../workflow/yaml.js'
import { get } from '../workflow/yaml.js'

/** One way the step can run: an occasion (when known) and a matrix leg. */
interface Ctx {
  /** The event, `push:tag` / `push:branch` for pushes; undefined when it cannot be told. */
  event?: string
  label?: string
  /** The matrix leg, in words (`os: windows-latest`), when the job has a matrix. */
  leg?: string
  resolve: Resolver
}

type State = 'on' | 'off' | 'unknown' | 'conditional'
const DANGER: Record<State, number> = { on: 3, unknown: 2, conditional: 1, off: 0 }

interface Reading {
  state: State
  why: string
  at: Pos
}

function withPos(s: StepSite, key: string): Pos {
  return withNode(s.step, key)?.pos ?? s.step.uses!.pos
}

function scalarText(n: YNode | undefined): string | undefined {
  if (!n) return undefined
  if (n.kind !== 'scalar') return ''
  return n.value === null ? '' : String(n.value)
}

/** A value in one context: its text, or undefined when it cannot be told before the run. */
function valueAt(text: string, x: Ctx): string | undefined {
  if (!text.includes('${{')) return text
  const v = evalText(text, x.resolve)
  if (v === undefined) return undefined
  return v === null ? '' : String(v)
}

/** Truth of a boolean-like value in one context. */
function truth(text: string | undefined, x: Ctx): boolean | 'unknown' | undefined {
  if (text === undefined) return undefined
  const v = valueAt(text, x)
  if (v === undefined) return 'unknown'
  if (v.trim() === '') return undefined
  return isTrue(v) ? true : isFalse(v) ? false : undefined
}

/**
 * The contexts a step can run in and matter: occasions on which the step and a guarded job
 * both run (a build whose run publishes nothing poisons no release), × matrix legs.
 */
function contexts(s: StepSite, wf: Workflow, targets: Job[]): Ctx[] {
  const out = contextsOf(s, wf, targets)
  if (!s.inputs) return out
  // inside a composite action, `inputs.*` are what the calling step binds, and a step whose
  // `if:` they make false (`if: inputs.use-cache == 'true'` given `use-cache: false`) does not run
  const bound = out.map((x) => ({ ...x, resolve: withInputs(x.resolve, s.inputs) }))
  return s.step === s.top.step || !s.step.if ? bound : bound.filter((x) => evaluateCondition(s.step.if!.value, x.resolve) !== false)
}

function contextsOf(s: StepSite, wf: Workflow, targets: Job[]): Ctx[] {
  const legs = matrixLegs(s.job)
  const legCtx: Array<{ r: Resolver; leg?: string }> = legs
    ? legs.map((l) => ({ r: legResolver(l), ...(Object.keys(l).length ? { leg: Object.entries(l).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ') } : {}) }))
    : [{ r: (): AV => UNKNOWN }]
  const out: Ctx[] = []
  if (wf.kind !== 'workflow') {
    for (const { r, leg } of legCtx) out.push({ ...(leg ? { leg } : {}), resolve: (p) => (p.startsWith('matrix.') ? r(p) : UNKNOWN) })
    return out
  }
  for (const o of occasions(wf)) {
    if (stepReachable(wf, s.top.job, s.top.step, o) === false) continue
    if (targets.length && targets.every((t) => jobReachable(wf, t, o) === false)) continue
    // a called workflow runs on its caller's event, which this file does not say
    const event = o.event === 'workflow_call' ? undefined : o.event === 'push' ? `push:${o.refKind}` : o.event
    for (const { r, leg } of legCtx) out.push({ event, label: o.label, ...(leg ? { leg } : {}), resolve: (p) => (p.startsWith('matrix.') ? r(p) : o.resolve(p)) })
  }
  return out
}

/** Where the job sets an environment variable: the workflow's, the job's and its steps' `env:`, and `$GITHUB_ENV` writes. */
function envSettings(name: string, s: StepSite, all: readonly StepSite[], top: Workflow): Array<{ text: string; at: Pos; where: string }> {
  const out: Array<{ text: string; at: Pos; where: string }> = []
  const look = (env: Map<string, YNode>, where: string) => {
    for (const [k, v] of env) if (k === name) out.push({ text: scalarText(v) ?? '', at: v.pos, where })
  }
  look(top.env, 'the workflow `env:`')
  if (s.wf !== top) look(s.wf.env, `${code(s.wf.file)} \`env:\``)
  look(s.job.env, `job ${code(s.job.id)} \`env:\``)
  const re = new RegExp(`\\b${name}=([^\\s"'>;]*)`)
  for (const o of all) {
    look(o.step.env, 'a step `env:`')
    const run = runText(o.step)
    if (!run || !run.includes('GITHUB_ENV')) continue
    for (const line of logicalLines(run)) {
      const m = line.includes('GITHUB_ENV') ? re.exec(line) : null
      if (m) out.push({ text: m[1] || 'true', at: posIn(o.wf, o.step.run!, `${name}=`), where: 'a script writing `$GITHUB_ENV`' })
    }
  }
  return out
}

/** ` for a push of a tag (v*), matrix leg os: "windows-latest"`: where a toggle was found on. */
function onFor(x: Ctx, text: string): string {
  const parts = [x.label, /\bmatrix\./i.test(text) && x.leg ? `matrix leg ${x.leg}` : undefined].filter(Boolean)
  return parts.length ? ` for ${parts.join(', ')}` : ''
}

/** The position of `needle` inside a scalar (block scalars included), or the scalar's own. */
function posIn(wf: Workflow, n: YScalar, needle: string): Pos {
  const raw = wf.source.slice(n.offset, n.end)
  const i = raw.indexOf(needle)
  if (i < 0) return n.pos
  const p = wf.yaml.lineCounter.linePos(n.offset + i)
  return { line: p.line, column: p.col }
}

/** Does the default hold in this context? */
function defaultAt(d: CacheDefault, c: CacheFacts, x: Ctx, plain: string, at: Pos): Reading {
  const how = c.defaultValue ? ` (\`${c.input}: ${c.defaultValue}\`)` : ''
  if (d.is === 'off') return { state: 'off', why: '', at }
  if (d.is === 'conditional') return { state: 'conditional', why: `restores ${plain} by default ${c.conditionalWhy ?? "when the repository's files ask for it"}`, at }
  if (!d.skips?.length) return { state: 'on', why: `restores ${plain} by default${how}${x.label ? ` on ${x.label}` : ''}`, at }
  if (x.event === undefined) return { state: 'conditional', why: `restores ${plain} by default${how} on most events (not on ${d.skips.join(', ')})`, at }
  if (d.skips.includes(x.event) || d.skips.includes(x.event.split(':')[0])) return { state: 'off', why: '', at }
  return { state: 'on', why: `restores ${plain} by default${how} on ${x.label}`, at }
}

/**
 * The defaults that can apply: the one of the step's version, or — when the version cannot be
 * told — every distinct one, read at the most dangerous (the finding then says so, as a warning).
 */
function defaultsFor(c: CacheFacts, ver: number[] | undefined): { rules: CacheDefault[]; unknownVersion: boolean } {
  const ds = c.defaults ?? []
  if (ver !== undefined) return { rules: [ds.find((d) => versionIn(ver, d.from, d.to)) ?? { is: 'on' }], unknownVersion: false }
  const ranged = ds.some((d) => d.from !== undefined || d.to !== undefined)
  if (!ranged) return { rules: [ds[0] ?? { is: 'on' }], unknownVersion: false }
  const rules = [...ds]
  const last = ds[ds.length - 1]
  if (last && (last.from !== undefined || last.to !== undefined)) rules.push({ is: 'on' })
  return { rules, unknownVersion: true }
}

function readAt(s: StepSite, c: CacheFacts, x: Ctx, all: readonly StepSite[], top: Workflow, rules: CacheDefault[]): Reading[] {
  const step = s.step
  const at = step.uses!.pos
  const what = (v: string) => c.what.replace('$value', v.trim())
  const plain = what('').replace(/\s+/g, ' ').replace(/the {2}/, 'the ')
  const one = (r: Reading) => rules.map(() => r)
  // opt-outs: the step restores nothing
  let optUnknown: string | undefined
  for (const o of c.optOut ?? []) {
    const key = typeof o === 'string' ? o : o.input
    if (typeof o !== 'string' && o.unlessSet.some((k) => (input(step, k) ?? '').trim() !== '')) continue
    const t = truth(input(step, key), x)
    if (t === true) return one({ state: 'off', why: '', at })
    if (t === 'unknown') optUnknown = `\`${key}: ${input(step, key)!.trim()}\``
  }
  for (const key of c.optOutWhenFalse ?? []) {
    const t = truth(input(step, key), x)
    if (t === false) return one({ state: 'off', why: '', at })
    if (t === 'unknown') optUnknown = `\`${key}: ${input(step, key)!.trim()}\``
  }
  const unsure = (r: Reading): Reading => (optUnknown && r.state === 'on' ? { state: 'unknown', why: `${r.why.replace(/^restores/, 'may restore')} (${optUnknown} cannot be decided before the run)`, at: r.at } : r)
  if (c.env) {
    let best: Reading = { state: 'off', why: '', at }
    for (const e of envSettings(c.env, s, all, top)) {
      const v = valueAt(e.text, x)
      const r: Reading =
        v === undefined
          ? { state: 'unknown', why: `may restore ${plain} (\`${c.env}: ${e.text.trim()}\`, set in ${e.where}, cannot be decided before the run)`, at: e.at }
          : v.trim() === '' || isFalse(v)
            ? { state: 'off', why: '', at }
            : { state: 'on', why: `restores ${plain} (\`${c.env}\` is set in ${e.where}${x.label && e.text.includes('${{') ? ` and is on${onFor(x, e.text)}` : ''})`, at: e.at }
      if (DANGER[r.state] > DANGER[best.state]) best = r
    }
    return one(unsure(best))
  }
  if (!c.input) return one(unsure({ state: 'on', why: `restores ${plain}`, at }))
  const raw = input(step, c.input)
  const kind = c.kind ?? 'boolean'
  if (raw !== undefined && raw.trim() !== '') {
    const v = valueAt(raw, x)
    const expr = raw.includes('${{')
    const inputAt = withPos(s, c.input)
    if (v === undefined) return one(unsure({ state: 'unknown', why: `may restore ${what('configured')} (\`${c.input}: ${raw.trim()}\` cannot be decided before the run)`, at: inputAt }))
    const on = (w: string): Reading[] => one(unsure({ state: 'on', why: expr ? `restores ${w} (\`${c.input}: ${raw.trim()}\` is on${onFor(x, raw)})` : `restores ${w}`, at: inputAt }))
    const val = v.trim().toLowerCase()
    if (kind === 'string') {
      if (val === '' || isFalse(val)) return one({ state: 'off', why: '', at })
      return on(what(expr ? v : raw))
    }
    if (kind === 'exact') {
      if (c.values?.on.includes(val)) return on(plain)
      if (c.values?.off.includes(val)) return one({ state: 'off', why: '', at })
    } else {
      if (isTrue(val)) return on(plain)
      if (isFalse(val)) return one({ state: 'off', why: '', at })
    }
    // another value (setup-uv's `auto`) leaves the default
  }
  if (c.offWhenFalse?.some((k) => truth(input(step, k), x) === false)) return one({ state: 'off', why: '', at })
  return rules.map((d) => unsure(defaultAt(d, c, x, plain, at)))
}

interface Hit {
  reading: Reading
  /** The version could not be told and the most dangerous one was assumed. */
  unknownVersion?: string
}

/** `judge`'s answers, per site and what it was judged with: the rule asks again for the jobs that feed the release. */
const judged = new WeakMap<StepSite, { all: readonly StepSite[]; top: Workflow; targets: Job[]; hit: Hit | undefined }>()

function judge(s: StepSite, all: readonly StepSite[], top: Workflow, targets: Job[]): Hit | undefined {
  const m = judged.get(s)
  if (m && m.all === all && m.top === top && m.targets === targets) return m.hit
  const hit = judgeAnew(s, all, top, targets)
  judged.set(s, { all, top, targets, hit })
  return hit
}

function judgeAnew(s: StepSite, all: readonly StepSite[], top: Workflow, targets: Job[]): Hit | undefined {
  const c = factsOf(s.step)?.cache
  if (!c) return undefined
  // a condition written as an expression may hold: read so that it never hides a cache
  if (c.onlyWhen && !holds(c.onlyWhen, s.step)) return undefined
  const ver = versionParts(s.step, s.wf)
  const { rules, unknownVersion } = defaultsFor(c, ver)
  let best: Reading | undefined
  let byVersion = false
  for (const x of contexts(s, top, targets)) {
    const rs = readAt(s, c, x, all, top, rules)
    let r = rs[0]
    for (const y of rs) if (DANGER[y.state] > DANGER[r.state]) r = y
    if (!best || DANGER[r.state] > DANGER[best.state]) {
      best = r
      byVersion = unknownVersion && rs.some((y) => y.state !== r.state)
    }
    if (best.state === 'on' && !byVersion) break
  }
  if (!best || best.state === 'off') return undefined
  if (!byVersion) return { reading: best }
  const which = rules.filter((d) => d.is !== 'off' && !d.skips?.length)
  const range = which[0] ? (which[0].from !== undefined ? `v${which[0].from}${which[0].to !== undefined ? `–v${which[0].to}` : '+'}` : which[0].to !== undefined ? `up to v${which[0].to}` : 'the newest version') : 'its most dangerous version'
  return { reading: best, unknownVersion: `the version of ${code(s.step.uses!.value)} cannot be told (no version tag or comment), so it is read as ${range}` }
}

/** What a job hands on and takes from the jobs before it, as far as a release is concerned. */
interface Handoff {
  /** It uploads an artifact of the run (`actions/upload-artifact`). */
  uploads: boolean
  /** It publishes something itself. */
  publishes: boolean
  /**
   * It takes artifacts of the run: `actions/download-artifact` (in a local composite action,
   * or online in a remote one the graph read), `gh run download`, the artifacts API.
   */
  downloads: boolean
  /**
   * It restores a cache, which a job before it could have written: certainly, or on a toggle
   * that cannot be decided. A cache restored only when the repository's files ask for it, or
   * at a version the pin does not say, is a warning in this job, and so is what it takes.
   */
  restores: boolean
  /** The job's own text, lower-cased, where `needs.<id>.outputs` is read. */
  text: string
}

const FETCHES_ARTIFACTS = /\bgh\s+run\s+download\b|\/actions\/(?:runs\/[^\s/]+\/)?artifacts\b|\bdownloadArtifact\b|\blistWorkflowRunArtifacts\b/

function handoffOf(site: JobSite, ctx: RuleContext, remote: RemoteComposites | undefined): Handoff {
  const all = stepSites(site, ctx.local, remote)
  return {
    uploads: all.some((s) => factsOf(s.step)?.uploads?.to === 'artifact'),
    publishes: all.some((s) => !!stepPublishes(s.step)),
    downloads: all.some((s) => actionOf(s.step) === 'actions/download-artifact' || FETCHES_ARTIFACTS.test(runText(s.step) ?? '') || FETCHES_ARTIFACTS.test(input(s.step, 'script') ?? '')),
    restores: all.some((s) => {
      const h = judge(s, all, ctx.workflow, ctx.scope.targets)
      return !!h && h.reading.state !== 'conditional' && h.unknownVersion === undefined
    }),
    text: site.wf.source.slice(site.job.node.offset, site.job.node.end).toLowerCase(),
  }
}

function reads(text: string, id: string): boolean {
  const i = id.toLowerCase()
  return text.includes(`needs.${i}.`) || text.includes(`needs['${i}']`) || text.includes(`needs["${i}"]`)
}

/**
 * Does job `a` run before job `b` (one of the jobs `b` needs, transitively)? Sites inside
 * called workflows are compared where their paths part: a called workflow's jobs run when the
 * job calling it runs.
 */
function runsBefore(a: JobSite, b: JobSite, files: Map<string, Workflow>): boolean {
  const path = (s: JobSite) => [...s.chain.filter((_, i) => i % 2 === 0), s.job.id]
  const pa = path(a)
  const pb = path(b)
  let i = 0
  while (i < pa.length - 1 && i < pb.length - 1 && pa[i] === pb[i]) i++
  if (pa[i] === pb[i]) return false
  const wf = files.get(a.chain.slice(0, 2 * i).join('\0'))
  const before = wf?.jobs.find((j) => j.id === pb[i])
  return !!wf && !!before && needsClosure(wf, [before]).some((j) => j.id === pa[i])
}

/**
 * The jobs whose work reaches what is published: the guarded jobs, and every job that runs
 * before one of those and hands it something — an artifact it uploads that the taker
 * downloads, outputs the taker reads (`needs.<id>.outputs`; out of a called workflow, through
 * its `workflow_call` outputs and the calling job's), or, when the taker restores a cache, any
 * cache entry (a poisoned job can write one for the taker). A job that publishes counts too.
 * Followed to a fixed point, so a build that hands its wheel to a job that hands it to the
 * release is found. A test gate or a linter that saves its own cache, in a workflow whose
 * release restores none, hands the release nothing: a poisoned cache there is a warning. What
 * the gate cannot read (an action the catalogue does not know) is not taken as a hand-off.
 */
function feedingSites(sites: JobSite[], ctx: RuleContext): Map<JobSite, string> {
  const remote = compositeLookup(ctx.resolved)
  const info = new Map(sites.map((s) => [s, handoffOf(s, ctx, remote)]))
  const key = (s: JobSite) => s.chain.join('\0')
  const files = new Map(sites.map((s) => [key(s), s.wf]))
  const BUILDS = 'builds what is published'
  // each job on the path, with how it reaches the release, in words
  const takes = new Map(sites.filter((s) => s.target).map((s) => [s, 'publishes']))
  const feeds = (j: JobSite): string | undefined => {
    const h = info.get(j)!
    if (h.publishes) return BUILDS
    for (const c of takes.keys()) {
      if (!runsBefore(j, c, files)) continue
      const hc = info.get(c)!
      if (h.uploads && hc.downloads) return BUILDS
      // outputs read by a job of the same file (and the same call)
      if (key(c) === key(j) && reads(hc.text, j.job.id)) return BUILDS
      // outputs of a called workflow's job, passed on by its `workflow_call` outputs to the caller
      if (j.chain.length >= 2 && key(c) === j.chain.slice(0, -2).join('\0')) {
        const call = j.wf.triggers.find((t) => t.event === 'workflow_call')
        const outputs = get(call?.config, 'outputs')
        const passes = !!outputs && j.wf.source.slice(outputs.offset, outputs.end).toLowerCase().includes(`jobs.${j.job.id.toLowerCase()}.`)
        if (passes && reads(hc.text, j.chain[j.chain.length - 2])) return BUILDS
      }
    }
    const restorer = [...takes.keys()].find((c) => runsBefore(j, c, files) && info.get(c)!.restores)
    return restorer ? `runs before job ${code(restorer.job.id)}, which restores a cache this job could have written` : undefined
  }
  for (let grew = true; grew; ) {
    grew = false
    for (const j of sites) {
      if (takes.has(j)) continue
      const how = feeds(j)
      if (!how) continue
      takes.set(j, how)
      grew = true
    }
  }
  return takes
}

export const rule: Rule = {
  id: 'cache-poisoning',
  title: 'cache restored into a release build',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all' && ctx.workflow.kind === 'workflow') return []
    const out: Finding[] = []
    const sites = jobSites(ctx.workflow, ctx.scope, ctx.local)
    let fed: Map<JobSite, string> | undefined
    for (const site of sites) {
      const all = stepSites(site, ctx.local)
      for (const s of all) {
        const h = judge(s, all, ctx.workflow, ctx.scope.targets)
        if (!h) continue
        const r = h.reading
        fed ??= feedingSites(sites, ctx)
        const feeds = site.target || fed.has(site)
        const how = fed.get(site) ?? 'builds what is published'
        // an action file audited alone: whether a release job calls it is not known here (the
        // workflow that calls it is audited with it and blocks there)
        const warn = r.state === 'conditional' || h.unknownVersion !== undefined || !feeds || ctx.workflow.kind === 'action'
        out.push(
          ctx.finding({
            message: `${code(s.step.uses!.value)} ${r.why} ${
              ctx.workflow.kind === 'action'
                ? 'in this composite action: a release job that calls it restores the cache too'
                : `in job ${code(site.job.id)}, which ${site.target ? 'publishes' : feeds ? how : 'runs before the release but hands it no artifact and no output, and the release restores no cache'}`
            }${h.unknownVersion ? `; ${h.unknownVersion}` : ''}`,
            fix: `${factsOf(s.step)!.cache!.off}${h.unknownVersion ? ' Add a version comment to the pin (`# vX.Y.Z`) so the gate can read its default.' : ''} A release build should start from nothing that another workflow could have written.`,
            ...atStep(s, r.at),
            ...(warn ? { severity: 'warning' as const } : {}),
          }),
        )
      }
    }
    return out
  },
}
