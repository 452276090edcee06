/**
 * template-injection: `${{ }}` is pasted into a script before the shell sees it. When the value
 * is text an outsider writes (a pull request title, a branch name, a commit message), the
 * outsider writes the script (the Ultralytics and nx compromises).
 *
 * Sinks are `run:` and the action inputs the catalogue says run code (`sinks`). Values are
 * followed through `env:`, composite and reusable-workflow inputs and matrices (`taint.ts`).
 * Severity is by who can start the run: an error when an outsider's text reaches a step that
 * an event outsiders trigger runs with the repository's secrets, a warning otherwise.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { factsOf, withNode } from '../workflow/actions.js'
import { ATTACKER_CONTEXTS, eventCarries } from '../workflow/catalogue.js'
import { DANGEROUS_EVENTS, REVIEW_EVENTS, jobReachable, occasions, stepReachable } from '../workflow/triggers.js'
import { scalarTaint, taintedSteps } from '../workflow/taint.js'
import { pinnedByCondition } from '../workflow/expr.js'
import type { Source } from '../workflow/taint.js'
import type { StepSite } from '../workflow/sites.js'
import type { YScalar } from '../workflow/yaml.js'

/** Context paths whose text an outsider chooses: the catalogue's. */
export const ATTACKER_CONTROLLED: RegExp[] = ATTACKER_CONTEXTS

function carried(src: Source): string {
  return src.via.length ? `it carries \`${src.path}\` (through ${src.via.map((v) => code(v)).reverse().join(' ← ')}); ` : ''
}

export const rule: Rule = {
  id: 'template-injection',
  title: 'untrusted text expanded into a script',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const wf = ctx.workflow
    const out: Finding[] = []
    const dangerous = wf.kind === 'workflow' ? occasions(wf).filter((o) => DANGEROUS_EVENTS[o.event] || REVIEW_EVENTS[o.event]) : []
    for (const t of taintedSteps(wf, ctx.scope.jobs, ctx.local)) {
      const step = t.step
      const sinks: Array<{ scalar: YScalar; what: string }> = []
      if (step.run) sinks.push({ scalar: step.run, what: '`run:`' })
      for (const name of factsOf(step)?.sinks ?? []) {
        const n = withNode(step, name)
        if (n?.kind === 'scalar') sinks.push({ scalar: n, what: `${code(step.uses!.value.split('@')[0])} \`${name}:\`` })
      }
      if (!sinks.length) continue
      const site: StepSite = { job: t.job, step, wf: t.scope.wf, chain: t.chain, target: true, top: t.top, secrets: { env: new Map() } }
      // what the step's, its job's (and the calling job's and step's) `if:` pin to a literal
      // cannot carry an outsider's text: the step runs only when the value is that literal
      const pinned = new Map<string, string>()
      for (const c of new Set([t.step.if, t.job.if, t.top.job.if, t.top.step.if])) if (c) for (const [k, v] of pinnedByCondition(c.value)) pinned.set(k, v)
      for (const sink of sinks) {
        for (const { site: e, sources: all } of scalarTaint(sink.scalar, t.scope)) {
          const sources = pinned.size ? all.filter((x) => x.kind !== 'attacker' || !pinned.has(x.path.toLowerCase())) : all
          if (sources.length === 0) continue
          const nested = t.chain.length > 0
          const reached = dangerous.filter((o) => (nested ? jobReachable(wf, t.top.job, o) : stepReachable(wf, t.top.job, t.top.step, o)) !== false)
          // an error only on an event outsiders start that carries the text (a pull request's
          // title is empty in an issue_comment run)
          const attacker = sources.filter((x) => x.kind === 'attacker')
          const occ = reached.find((o) => attacker.some((a) => eventCarries(o.event, a.path)))
          const r = (occ && attacker.find((a) => eventCarries(occ.event, a.path))) ?? attacker[0] ?? sources[0]
          const reachedBy = occ ? [occ] : []
          const severe = r.kind === 'attacker' && reachedBy.length > 0
          const why =
            r.kind === 'attacker'
              ? severe
                ? `an outsider chooses this text, and \`${reachedBy[0].event}\` ${REVIEW_EVENTS[reachedBy[0].event] ?? "runs this step with the repository's secrets"}`
                : 'an outsider can choose this text'
              : wf.triggers.some((x) => x.event === 'workflow_dispatch')
                ? 'whoever dispatches the workflow chooses this text'
                : 'the calling workflow chooses this text'
          const envVar = /^\$\{\{\s*env\.([\w-]+)\s*\}\}$/i.exec(e.full)?.[1]
          out.push(
            ctx.finding({
              message: `${code(e.full)} is expanded into ${sink.what}: ${carried(r)}${why}`,
              fix: envVar
                ? `Read the variable in the script instead of expanding it into the script's text: \`"$${envVar}"\` (shell) or \`process.env.${envVar}\` (JavaScript), not \`${e.full}\`.`
                : `Pass the value through an environment variable and quote it in the script: \`env: { VALUE: ${e.full} }\`, then use \`"$VALUE"\`.`,
              ...atStep(site, e.pos),
              severity: severe ? 'error' : 'warning',
            }),
          )
        }
      }
    }
    return out
  },
}
