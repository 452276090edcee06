/**
 * poisoned-environment: the gate's failure must be final. Its verdict is worthless when
 * - the environment makes the gate's own process (or the publisher's) load other code first
 *   (`NODE_OPTIONS=--require`, `LD_PRELOAD`, `BASH_ENV`, a forged OIDC endpoint, …: the
 *   catalogue's `LOADING_ENV`);
 * - the gate step may be skipped (`if:`) or its failure ignored (`continue-on-error`);
 * - a later step of the gate's job runs after the gate failed (`always()`, `failure()`,
 *   `!cancelled()`, `success() || failure()`) and can publish.
 * Steps before the gate that run code are gate-order's (an error there).
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { isGate } from './gate-order.js'
import { factsOf } from '../workflow/actions.js'
import { loadingVar } from '../workflow/catalogue.js'
import { stepPublishes } from '../workflow/publish.js'
import type { Job, Step } from '../workflow/model.js'
import { literalKey } from '../workflow/model.js'
import type { YNode } from '../workflow/yaml.js'
import { get } from '../workflow/yaml.js'

/** A condition that runs after an earlier step failed (a status function other than success()). */
const AFTER_FAILURE = /\b(?:always|failure|cancelled)\s*\(/i

/** `if:` values that always let the step run when the job runs. */
function alwaysRuns(cond: string): boolean {
  const t = cond.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1').trim().toLowerCase()
  return t === 'true' || t === 'always()' || t === 'success()' || t === '!cancelled()'
}

/** A `continue-on-error:` that may be true (true, or an expression). */
function mayContinue(node: YNode | undefined): string | undefined {
  if (!node || node.kind !== 'scalar' || node.value === null) return undefined
  const v = String(node.value).trim()
  if (v === 'false' || v === '') return undefined
  return v
}

/** A step that cannot publish or run code even when it runs after the gate failed. */
function harmlessAfterFailure(step: Step): boolean {
  if (step.run !== undefined) return false
  const f = factsOf(step)
  return !!f && !f.publishes && !f.sinks && !stepPublishes(step)
}

export const rule: Rule = {
  id: 'poisoned-environment',
  title: 'the gate can be bypassed from inside its job',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const wf = ctx.workflow
    if (wf.kind === 'action' || ctx.scope.mode === 'all') return []
    const out: Finding[] = []
    const gateRepo = ctx.runtime?.gateRepository

    const envFindings = (node: YNode | undefined, where: string, job?: Job, step?: Step) => {
      if (!node) return
      if (node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${{')) {
        out.push(
          ctx.finding({
            message: `${where} sets \`env:\` from an expression (${code(node.value)}): any variable can come out of it, including ones that make the gate load other code`,
            fix: 'Write `env:` as a mapping of names to values.',
            at: node.pos,
            ...(job ? { job: job.id } : {}),
            ...(step ? { step } : {}),
          }),
        )
        return
      }
      if (node.kind !== 'map') return
      for (const p of node.pairs) {
        const name = literalKey(String(p.key.value))
        const value = p.value.kind === 'scalar' ? (p.value.value === null ? '' : String(p.value.value)) : '${{ }}'
        if (value.trim() === '') continue
        const v = name.includes('${{') ? { does: 'can be any variable, one that loads code included' } : loadingVar(name, value)
        if (!v) continue
        out.push(
          ctx.finding({
            message: `${where} sets ${code(name)}, which ${v.does}: code that is not in this workflow can run before the gate decides, or change its verdict`,
            fix: `Remove ${code(name)} from ${where}'s \`env:\`; set what a single build step needs in that step's script instead, outside the publishing job.`,
            at: p.key.pos,
            ...(job ? { job: job.id } : {}),
            ...(step ? { step } : {}),
          }),
        )
      }
    }

    envFindings(get(wf.yaml.root, 'env'), 'the workflow')
    for (const job of ctx.scope.targets) {
      envFindings(get(job.node, 'env'), `job ${code(job.id)}`, job)
      for (const s of job.steps) envFindings(get(s.node, 'env'), `step ${code(s.name ?? s.id ?? s.uses?.value ?? `${s.index + 1}`)} of job ${code(job.id)}`, job, s)

      const gi = job.steps.findIndex((s) => isGate(s, gateRepo))
      if (gi < 0) continue
      const gate = job.steps[gi]
      const jobCoe = mayContinue(get(job.node, 'continue-on-error'))
      if (jobCoe) {
        out.push(
          ctx.finding({
            message: `job ${code(job.id)} runs release-gate with \`continue-on-error: ${jobCoe}\`: when the gate blocks, the job's failure is ignored and the jobs that need it still run`,
            fix: `Remove \`continue-on-error\` from job ${code(job.id)}.`,
            at: get(job.node, 'continue-on-error')!.pos,
            job: job.id,
          }),
        )
      }
      const coe = mayContinue(get(gate.node, 'continue-on-error'))
      if (coe) {
        out.push(
          ctx.finding({
            message: `the release-gate step has \`continue-on-error: ${coe}\`: when it blocks, job ${code(job.id)} goes on and publishes`,
            fix: 'Remove `continue-on-error` from the release-gate step.',
            at: get(gate.node, 'continue-on-error')!.pos,
            job: job.id,
            step: gate,
          }),
        )
      }
      if (gate.if && !alwaysRuns(gate.if.value)) {
        out.push(
          ctx.finding({
            message: `the release-gate step runs only \`if: ${gate.if.value}\`: when that is false the gate is skipped and job ${code(job.id)} publishes unchecked`,
            fix: 'Remove `if:` from the release-gate step; put the condition on the job instead.',
            at: gate.if.pos,
            job: job.id,
            step: gate,
          }),
        )
      }
      for (const s of job.steps.slice(gi + 1)) {
        if (!s.if || !AFTER_FAILURE.test(s.if.value) || harmlessAfterFailure(s)) continue
        const pub = stepPublishes(s)
        const what = pub ? `publishes (${pub.script ? pub.script.evidence : code(pub.evidence)})` : s.run !== undefined ? 'runs a script' : `runs ${code(s.uses?.value ?? 'an action')}`
        out.push(
          ctx.finding({
            message: `step ${code(s.name ?? s.id ?? s.uses?.value ?? `${s.index + 1}`)} of job ${code(job.id)} runs \`if: ${s.if.value}\`, also after release-gate failed, and ${what}: the gate's block is not final`,
            fix: 'Drop the status function from its `if:` (`always()`, `failure()`, `cancelled()`), so it runs only when the gate passed; a failure notice belongs in a separate job that does not publish.',
            at: s.if.pos,
            job: job.id,
            step: s,
          }),
        )
      }
    }
    return out
  },
}
