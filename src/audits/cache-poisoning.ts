/**
 * cache-poisoning: a cache restored into a release build runs whatever the cache holds. Any
 * workflow on the default branch can write those caches — the Ultralytics releases of
 * December 2024 were built from one.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { actionOf, actionRepo, input, isFalse, isTrue, versionOf } from '../workflow/actions.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { StepSite } from '../workflow/sites.js'
import { jobReachable, occasions } from '../workflow/triggers.js'
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
  return s.step.with.get(key)?.pos ?? s.step.uses!.pos
}

/** Events on which setup-uv's `enable-cache: auto` leaves the cache off (its action.yml). */
const UV_AUTO_OFF = (o: { event: string; refKind?: string }) =>
  o.event === 'release' || (o.event === 'push' && o.refKind === 'tag') || o.event === 'pull_request_target' || o.event === 'workflow_run'

function judge(s: StepSite, wf: Workflow): Hit | undefined {
  const a = actionOf(s.step)
  const repo = actionRepo(s.step)
  if (!a || !repo) return undefined
  const set = (k: string) => {
    const v = input(s.step, k)
    return v !== undefined && v.trim() !== '' && !isFalse(v)
  }
  switch (repo) {
    case 'actions/cache':
      if (a === 'actions/cache/save') return undefined
      return { how: 'certain', why: 'restores a cache', at: s.step.uses!.pos, off: 'Remove the cache step from the release jobs.' }
    case 'actions/setup-python':
    case 'actions/setup-java':
    case 'actions/setup-dotnet':
      if (set('cache')) return { how: 'certain', why: `restores the ${input(s.step, 'cache')} cache`, at: withPos(s, 'cache'), off: 'Remove `cache:`.' }
      return undefined
    case 'actions/setup-node': {
      if (set('cache')) return { how: 'certain', why: `restores the ${input(s.step, 'cache')} cache`, at: withPos(s, 'cache'), off: 'Remove `cache:` and set `package-manager-cache: false`.' }
      const v = versionOf(s.step, s.wf)
      if ((v === undefined || v >= 5) && !isFalse(input(s.step, 'package-manager-cache'))) {
        return { how: 'conditional', why: 'caches by default (v5+) when package.json names a `packageManager`', at: s.step.uses!.pos, off: 'Set `package-manager-cache: false`.' }
      }
      return undefined
    }
    case 'actions/setup-go':
      if (!isFalse(input(s.step, 'cache'))) return { how: 'certain', why: 'restores the Go module cache (on by default)', at: withPos(s, 'cache'), off: 'Set `cache: false`.' }
      return undefined
    case 'ruby/setup-ruby':
      if (isTrue(input(s.step, 'bundler-cache'))) return { how: 'certain', why: 'restores the bundler cache', at: withPos(s, 'bundler-cache'), off: 'Set `bundler-cache: false`.' }
      return undefined
    case 'astral-sh/setup-uv': {
      const v = input(s.step, 'enable-cache')
      if (isTrue(v)) return { how: 'certain', why: 'restores the uv cache', at: withPos(s, 'enable-cache'), off: 'Set `enable-cache: false`.' }
      if (isFalse(v) || (v !== undefined && v !== 'auto' && !v.includes('${{'))) return undefined
      const ver = versionOf(s.step, s.wf)
      if (ver !== undefined && ver < 6 && v === undefined) return undefined
      if (wf.kind !== 'workflow') return { how: 'conditional', why: 'caches by default on most events', at: s.step.uses!.pos, off: 'Set `enable-cache: false`.' }
      const on = occasions(wf).filter((o) => !UV_AUTO_OFF(o) && jobReachable(wf, s.top.job, o) !== false)
      if (on.length) return { how: 'certain', why: `caches by default (\`enable-cache: auto\`) on ${on[0].label}`, at: s.step.uses!.pos, off: 'Set `enable-cache: false`.' }
      return undefined
    }
    case 'swatinem/rust-cache':
      return { how: 'certain', why: 'restores the Cargo cache', at: s.step.uses!.pos, off: 'Remove the step from the release jobs.' }
    case 'jdx/mise-action':
      if (!isFalse(input(s.step, 'cache'))) return { how: 'certain', why: 'restores the mise cache (on by default)', at: withPos(s, 'cache'), off: 'Set `cache: false`.' }
      return undefined
    case 'prefix-dev/setup-pixi': {
      const c = input(s.step, 'cache')
      if (isTrue(c)) return { how: 'certain', why: 'restores the pixi environment cache', at: withPos(s, 'cache'), off: 'Set `cache: false`.' }
      if (c === undefined) return { how: 'conditional', why: 'caches the pixi environment by default when pixi.lock exists', at: s.step.uses!.pos, off: 'Set `cache: false`.' }
      return undefined
    }
    case 'gradle/actions':
    case 'gradle/gradle-build-action':
      if (!isTrue(input(s.step, 'cache-disabled'))) return { how: 'certain', why: 'restores the Gradle cache (on by default)', at: s.step.uses!.pos, off: 'Set `cache-disabled: true`.' }
      return undefined
    case 'docker/build-push-action':
      if (set('cache-from')) return { how: 'certain', why: `builds from the cache ${code(input(s.step, 'cache-from')!.trim())}`, at: withPos(s, 'cache-from'), off: 'Remove `cache-from:`.' }
      return undefined
    default:
      return undefined
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
