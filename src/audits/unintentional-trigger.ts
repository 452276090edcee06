/**
 * unintentional-trigger: SPEC 8 wants a release to start from an intentional act — a
 * published release, a tag push, or a manual dispatch — not from any push to a branch, a
 * schedule, or a pull request.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { releaseBot } from '../workflow/actions.js'
import { isTestPublish, stepPublishes } from '../workflow/publish.js'
import { jobReachable, occasions, stepReachable } from '../workflow/triggers.js'
import type { Occasion } from '../workflow/triggers.js'

function unintended(o: Occasion): boolean {
  // a review is a pull request event: from a fork it runs like `pull_request`, and anyone can start it
  return (o.event === 'push' && o.refKind === 'branch') || o.event === 'schedule' || o.event === 'pull_request' || o.event === 'pull_request_review' || o.event === 'pull_request_review_comment'
}

export const rule: Rule = {
  id: 'unintentional-trigger',
  title: 'release can start without a release decision',
  severity: 'warning',
  check(ctx: RuleContext): Finding[] {
    if (ctx.scope.mode === 'all' || ctx.workflow.kind !== 'workflow') return []
    const wf = ctx.workflow
    const out: Finding[] = []
    for (const job of ctx.scope.targets) {
      const publishSteps = job.steps.filter((s) => stepPublishes(s) && !isTestPublish(s))
      // a job whose only publishing goes to a test index (TestPyPI on every push) is a rehearsal
      if (publishSteps.length === 0 && job.steps.some((s) => stepPublishes(s))) continue
      const bot = job.steps.map(releaseBot).find(Boolean)
      for (const occ of occasions(wf).filter(unintended)) {
        const reachable = publishSteps.length
          ? publishSteps.some((s) => stepReachable(wf, job, s, occ) !== false)
          : jobReachable(wf, job, occ) !== false
        if (!reachable) continue
        const pattern = bot
          ? ` This is the ${bot} pattern (publish when its release pull request is merged): the merge is the release decision, so protect the branch and give job ${code(job.id)} an environment with required reviewers.`
          : ''
        out.push(
          ctx.finding({
            message: `publishing job ${code(job.id)} can run on ${occ.label}, not only on a release decision.${pattern}`,
            fix: 'Trigger the release on `release: types: [published]`, on `push: tags: [\'v*\']`, or on `workflow_dispatch`; or guard the job with `if: startsWith(github.ref, \'refs/tags/\')`.',
            at: occ.pos,
            job: job.id,
          }),
        )
      }
    }
    return out
  },
}
