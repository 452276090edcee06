/**
 * invalid-workflow: values of the wrong type or shape (`permissions: 5`, `steps: "x"`,
 * `uses: [1]`, a `needs:` naming no job). GitHub refuses such a file or reads it otherwise
 * than it looks; the gate reports it and audits the rest.
 */
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'

export const rule: Rule = {
  id: 'invalid-workflow',
  title: 'value of the wrong type or shape',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    return ctx.workflow.problems.map((p) =>
      ctx.finding({
        message: p.message,
        fix: 'Correct the value so the file matches GitHub\'s workflow syntax (docs.github.com › "Workflow syntax for GitHub Actions").',
        at: p.pos,
      }),
    )
  },
}
