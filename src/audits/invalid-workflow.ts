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
    const fix = 'Correct the value so the file matches GitHub\'s workflow syntax (docs.github.com › "Workflow syntax for GitHub Actions").'
    const out = ctx.workflow.problems.map((p) => ctx.finding({ message: p.message, fix, at: p.pos }))
    if (ctx.workflow.kind !== 'workflow') return out
    // GitHub's own parser (from the CLI): what it refuses, GitHub does not run. Inside a
    // running job GitHub has accepted the file already; should a parser be supplied there, a
    // difference is the bundled parser lagging GitHub's language, which must not block.
    if (!ctx.githubParser) return out
    const ours = new Set(ctx.workflow.problems.map((p) => p.pos.line))
    for (const p of ctx.githubParser(ctx.workflow.source, ctx.workflow.file, ctx.workflow.yaml)) {
      if (ours.has(p.pos.line)) continue
      out.push(
        ctx.finding({
          message: `GitHub's workflow parser refuses this: ${p.message}`,
          fix: ctx.runtime ? 'GitHub ran this workflow, so its language has moved past the parser release-gate bundles; report it so the parser is updated.' : fix,
          at: p.pos,
          ...(ctx.runtime ? { severity: 'warning' as const } : {}),
        }),
      )
    }
    return out
  },
}
