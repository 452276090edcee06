/**
 * artipacked: `actions/checkout` leaves the job's token in `.git/config` unless told not to.
 * Every later step of the job can read it, and an artifact of the workspace carries it out
 * (Unit 42, "ArtiPACKED", 2024).
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { atStep } from './where.js'
import { input, isAction, isFalse, isTrue, versionOf } from '../workflow/actions.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { StepSite } from '../workflow/sites.js'

/** Does this upload carry the workspace root (and so `.git/`)? */
function uploadsWorkspace(s: StepSite): boolean {
  const paths = (input(s.step, 'path') ?? '').split('\n').map((p) => p.trim()).filter(Boolean)
  const root = paths.some((p) => /^(\.\/?|\*+|\$\{\{\s*github\.workspace\s*\}\}\/?|\.git(\/.*)?|\$GITHUB_WORKSPACE\/?)$/.test(p))
  if (!root) return false
  // upload-artifact v4.4+ leaves hidden files (.git) out unless include-hidden-files: true
  const v = versionOf(s.step, s.wf)
  return isTrue(input(s.step, 'include-hidden-files')) || v === undefined || v < 4
}

export const rule: Rule = {
  id: 'artipacked',
  title: 'checkout leaves the token in the workspace',
  severity: 'warning',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      const steps = stepSites(site, ctx.local)
      const packs = steps.filter((s) => isAction(s.step, 'actions/upload-artifact') && uploadsWorkspace(s))
      for (const s of steps) {
        if (!isAction(s.step, 'actions/checkout')) continue
        const pc = input(s.step, 'persist-credentials')
        if (isFalse(pc)) continue
        const expr = pc !== undefined && pc.includes('${{')
        out.push(
          ctx.finding({
            message: packs.length
              ? `${code(s.step.uses!.value)} keeps the token in \`.git/config\`, and ${code(packs[0].step.uses!.value)} uploads the workspace with it`
              : `${code(s.step.uses!.value)} keeps the token in \`.git/config\` for every later step of job ${code(site.job.id)}${expr ? ` (persist-credentials is ${code(pc!)})` : ''}`,
            fix: 'Add `with: { persist-credentials: false }` to the checkout; a step that must push can be given the token explicitly.',
            ...atStep(s, s.step.uses!.pos),
            ...(packs.length ? { severity: 'error' as const } : {}),
          }),
        )
      }
    }
    return out
  },
}
