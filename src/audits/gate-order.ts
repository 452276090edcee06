/**
 * gate-order: release-gate must be the first step of the job it guards. A step before it
 * runs before the gate has decided, and can change what the gate inspects. A step that runs
 * code (`run:`, a Docker or local action, an action the catalogue does not mark read-only)
 * can rewrite the gate's own files under `_actions`: an error. Read-only steps (checkout,
 * harden-runner) before it: a warning.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import type { Step } from '../workflow/model.js'
import { factsOf } from '../workflow/actions.js'

/** Is this step release-gate itself? */
export function isGate(step: Step, gateRepository?: string): boolean {
  const u = step.uses?.parsed
  if (!u) return false
  if (u.kind === 'repo') {
    const name = `${u.owner}/${u.repo}`.toLowerCase()
    if (gateRepository && name === gateRepository.toLowerCase() && u.path === '') return true
    return u.repo.toLowerCase() === 'release-gate' && u.path === ''
  }
  // `uses: ./` runs the action at the root of this repository: release-gate testing itself,
  // when it is given release-gate's own inputs (in any other repository `./` is its own action)
  return u.kind === 'local' && u.path === '' && !gateRepository && [...step.with.keys()].some((k) => GATE_INPUTS.has(k.toLowerCase()))
}

/** Inputs only release-gate has (action.yml): how `uses: ./` is known to be the gate. */
const GATE_INPUTS = new Set(['fail-on', 'disable', 'allow', 'subject-path', 'artifact-name', 'artifact-path', 'signer-workflow', 'predicate-type', 'attestations', 'require-lock', 'custom-trusted-root'])

/** Does a step run code of its own, or the repository's? (Only catalogue `readOnly` actions do not.) */
export function runsCode(step: Step): boolean {
  if (step.run !== undefined) return true
  const u = step.uses?.parsed
  if (!u || u.kind !== 'repo') return true
  return factsOf(step)?.readOnly !== true
}

const label = (s: Step) => code(s.name ?? s.uses?.value ?? (s.run ? 'run' : `step ${s.index + 1}`))

export const rule: Rule = {
  id: 'gate-order',
  title: 'release-gate is not the first step',
  severity: 'warning',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all' && ctx.workflow.kind === 'action') return []
    const out: Finding[] = []
    for (const job of ctx.scope.targets) {
      const i = job.steps.findIndex((s) => isGate(s, ctx.runtime?.gateRepository))
      if (i <= 0) continue
      const coders = job.steps.slice(0, i).filter(runsCode)
      const before = job.steps.slice(0, i).map(label)
      out.push(
        ctx.finding({
          message:
            `release-gate is step ${i + 1} of job ${code(job.id)}; ${before.join(', ')} run${before.length === 1 ? 's' : ''} before it has decided` +
            (coders.length ? `; ${coders.map(label).join(', ')} run${coders.length === 1 ? 's' : ''} code that can rewrite the gate's own files under \`_actions\` or its environment` : ''),
          fix: `Move the release-gate step to the top of job ${code(job.id)}'s \`steps:\`.`,
          ...(coders.length ? { severity: 'error' as const } : {}),
          at: job.steps[i].uses!.pos,
          job: job.id,
          step: job.steps[i],
        }),
      )
    }
    return out
  },
}
