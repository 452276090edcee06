/**
 * unpinned-uses: every `uses:` of another repository must name a full commit SHA.
 * Tags and branches move; a SHA is the only reference the owner of an action cannot change.
 */
import { code, stepRef } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import type { UsesRef } from '../workflow/model.js'
import type { RepoUses } from '../workflow/uses.js'

const REF_WORDS: Record<RepoUses['refKind'], string> = {
  sha: 'a commit SHA',
  'short-sha': 'a short SHA, which can be made ambiguous by a new commit',
  tag: 'a tag, which can be moved to other code',
  branch: 'a branch, which moves with every push',
  symbolic: 'a tag or branch name, which can be moved to other code',
  expression: 'an expression, decided at run time',
}

export function unpinnedMessage(uses: UsesRef): { message: string; fix: string } | undefined {
  const u = uses.parsed
  if (u.kind === 'invalid') {
    return {
      message: `${code(`uses: ${uses.value}`)} is not a valid action reference: ${u.reason}`,
      fix: 'Write the reference as `owner/repo[/path]@<40-hex commit SHA>`, `./local/path` or `docker://image@sha256:<digest>`.',
    }
  }
  if (u.kind !== 'repo' || u.refKind === 'sha') return undefined
  const name = u.path ? `${u.owner}/${u.repo}/${u.path}` : `${u.owner}/${u.repo}`
  const fix =
    u.refKind === 'expression'
      ? `Replace the expression with the full commit SHA of the version you intend: \`${name}@<40-hex SHA>\`.`
      : `Pin to the full commit SHA that \`${u.ref}\` points to and keep the name as a comment: \`${name}@<40-hex SHA> # ${u.ref}\` (\`git ls-remote https://github.com/${u.owner}/${u.repo} ${u.ref}\` prints it).`
  return { message: `${code(uses.value)} is pinned to ${REF_WORDS[u.refKind]}, not a full commit SHA`, fix }
}

export const rule: Rule = {
  id: 'unpinned-uses',
  title: 'action not pinned to a full commit SHA',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    for (const job of ctx.scope.jobs) {
      if (job.uses) {
        const m = unpinnedMessage(job.uses)
        if (m) out.push(ctx.finding({ ...m, at: job.uses.pos, job: job.id, subject: job.uses.value }))
      }
      for (const step of job.steps) {
        if (!step.uses || step.uses.parsed.kind === 'docker') continue
        const m = unpinnedMessage(step.uses)
        if (m) out.push(ctx.finding({ ...m, at: step.uses.pos, job: job.id, step: stepRef(step), subject: step.uses.value }))
      }
    }
    return out
  },
}
