/**
 * check-failed: a check that could not run (API down, file unreadable, tool missing).
 * A gate that cannot decide must not pass: in enforcing mode this blocks.
 */
import type { Finding } from './finding.js'
import type { CheckFailure, Rule, RuleContext } from './rule.js'

export function failureInput(f: CheckFailure): { message: string; fix: string } {
  return { message: `could not ${f.check}: ${f.reason}`, fix: f.fix }
}

export const rule: Rule = {
  id: 'check-failed',
  title: 'a check could not be carried out',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    return ctx.failures.map((f) =>
      ctx.finding({ ...failureInput(f), at: { line: f.line ?? 1, column: 1 }, ...(f.file ? { file: f.file } : {}) }),
    )
  },
}
