/**
 * integrity-mismatch: the action directory the runner downloaded for this job is not the
 * locked commit's content — by ghasum's h1 checksum, or file by file against the commit's
 * git tree. Checked inside the job, before any of those actions runs.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'

function list(what: string, xs: string[]): string {
  if (!xs.length) return ''
  return `${xs.length} ${what} (${xs.slice(0, 5).map((x) => code(x)).join(', ')}${xs.length > 5 ? ', …' : ''})`
}

export const rule: Rule = {
  id: 'integrity-mismatch',
  title: 'downloaded action differs from the locked content',
  severity: 'error',
  requires: 'integrity',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    for (const r of ctx.integrity!) {
      if (r.ok || r.error) continue
      const root = ctx.resolved?.roots.find((x) => x.uses.parsed.kind === 'repo' && `${x.uses.parsed.owner}/${x.uses.parsed.repo}@${x.uses.parsed.ref}`.toLowerCase() === r.id.toLowerCase())
      const gate = ctx.scope.targets[0]
      const at = root
        ? { file: root.file, at: root.uses.pos, job: root.job, ...(root.step ? { step: root.step } : {}) }
        : { at: gate?.pos ?? { line: 1, column: 1 }, ...(gate ? { job: gate.id } : {}) }
      const what =
        r.method === 'gha.sum'
          ? `its ghasum checksum is ${code(r.actual ?? '?')}, gha.sum records ${code(r.expected ?? '?')}`
          : [list('changed', r.changed), list('missing', r.missing), list('extra', r.extra)].filter(Boolean).join('; ') + ` against commit ${code((r.commit ?? '').slice(0, 12))}`
      out.push(
        ctx.finding({
          ...at,
          message: `the runner's download of ${code(r.id)} is not the locked content: ${what}`,
          fix: 'Do not publish from this run. Re-run the job; if it repeats, the action or the download path was tampered with — report it and re-lock only after review.',
          subject: r.id,
        }),
      )
    }
    return out
  },
}
