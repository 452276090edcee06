/**
 * unpinned-uses: every `uses:` of another repository must name a full commit SHA.
 * Tags and branches move; a SHA is the only reference the owner of an action cannot change.
 */
import { code } from './finding.js'
import { atJob, atStep } from './where.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import { pinKey } from '../resolve/lockfile.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import type { UsesRef } from '../workflow/model.js'
import type { RepoUses } from '../workflow/uses.js'
import { actionFacts } from '../workflow/catalogue.js'

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
  const tagOnly = actionFacts(name)?.tagOnly
  if (tagOnly && u.refKind === 'tag') {
    return {
      message: `${code(uses.value)} is pinned to a tag, not a full commit SHA; ${tagOnly.replace(/; list it in `allow:` with that reason$/, '')}`,
      fix: `Keep the tag and allow it with the reason, in \`.github/release-gate.yml\`: \`allow: [{ uses: "${u.owner}/${u.repo}/*", reason: "verifies its own tag; cannot be SHA-pinned" }]\` (or the action input \`allow: ${u.owner}/${u.repo}/* -- verifies its own tag\`).`,
    }
  }
  return { message: `${code(uses.value)} is pinned to ${REF_WORDS[u.refKind]}, not a full commit SHA`, fix }
}

/** The commit an onboarded actions.lock pins this `uses:` to, if it does. */
function lockedCommit(ctx: RuleContext, uses: UsesRef): string | undefined {
  const p = uses.parsed
  if (!ctx.lock?.onboarded || p.kind !== 'repo' || p.refKind === 'expression') return undefined
  const key = pinKey(p.owner, p.repo, p.ref)
  return ctx.lock.closure?.has(key) ? ctx.lock.actionsLock?.dependencies.get(key)?.commit.hex : undefined
}

export const rule: Rule = {
  id: 'unpinned-uses',
  title: 'action not pinned to a full commit SHA',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const out: Finding[] = []
    const seen = new Set<string>()
    const push = (f: Finding) => {
      // an aliased or shared local file can be reached twice: report each place once
      const k = `${f.file}:${f.line}:${f.column}:${f.job}`
      if (seen.has(k)) return
      seen.add(k)
      out.push(f)
    }
    for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
      if (site.job.uses) {
        const m = unpinnedMessage(site.job.uses)
        if (m) push(ctx.finding({ ...m, ...atJob(site, site.job.uses.pos), subject: site.job.uses.value }))
      }
      for (const s of stepSites(site, ctx.local)) {
        if (!s.step.uses || s.step.uses.parsed.kind === 'docker') continue
        const m = unpinnedMessage(s.step.uses)
        if (!m) continue
        const locked = lockedCommit(ctx, s.step.uses)
        if (locked && s.wf === ctx.workflow) {
          push(ctx.finding({ ...atStep(s, s.step.uses.pos), severity: 'note', message: `${code(s.step.uses.value)} is a ${s.step.uses.parsed.kind === 'repo' ? s.step.uses.parsed.refKind : 'ref'}, but actions.lock pins it to ${code(locked.slice(0, 12))}: GitHub runs the locked commit`, fix: 'Nothing to do while the workflow stays onboarded; keep actions.lock current with `gh actions-lock`.', subject: s.step.uses.value }))
        } else push(ctx.finding({ ...m, ...atStep(s, s.step.uses.pos), subject: s.step.uses.value }))
      }
    }
    return out
  },
}
