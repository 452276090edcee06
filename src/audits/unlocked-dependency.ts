/**
 * unlocked-dependency: when the workflow is locked (onboarded in actions.lock, a gha.sum, or
 * `require-lock: true`), every action the job runs — direct and transitive, composite
 * children re-derived from each locked commit — must be in the lock, at the commit written,
 * owned by the repository the lock recorded.
 */
import { code } from './finding.js'
import type { Finding, FindingInput } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { pinKey } from '../resolve/lockfile.js'
import { versionComment } from '../resolve/online.js'
import { jobSites, stepSites } from '../workflow/sites.js'
import type { UsesRef } from '../workflow/model.js'

interface Dep {
  owner: string
  repo: string
  ref: string
  value: string
  at: Pick<FindingInput, 'file' | 'at' | 'job' | 'step' | 'chain'>
  comment?: string
}

export const rule: Rule = {
  id: 'unlocked-dependency',
  title: 'dependency missing from the lock or not as locked',
  severity: 'error',
  requires: 'lock',
  check(ctx: RuleContext): Finding[] {
    const lock = ctx.lock!
    const out: Finding[] = []
    const seen = new Set<string>()
    const add = (k: string, f: FindingInput) => {
      if (seen.has(k)) return
      seen.add(k)
      out.push(ctx.finding(f))
    }
    const deps: Dep[] = []
    const files = new Map([[ctx.workflow.file, ctx.workflow], ...[...ctx.local.values()].map((w) => [w.file, w] as const)])
    const push = (u: UsesRef, at: Dep['at'], wfFile: string) => {
      const p = u.parsed
      if (p.kind !== 'repo') return
      const c = versionComment(files.get(wfFile), u.pos.line)
      deps.push({ owner: p.owner, repo: p.repo, ref: p.ref, value: u.value, at, ...(c ? { comment: c } : {}) })
    }
    if (ctx.resolved) {
      for (const r of ctx.resolved.roots) {
        const at = { file: r.file, at: r.uses.pos, job: r.job, ...(r.step ? { step: r.step } : {}), ...(r.chain.length ? { chain: r.chain } : {}) }
        push(r.uses, at, r.file)
        const walk = (n: typeof r.node, hops: string[], seenN: Set<string>) => {
          if (!n || seenN.has(n.id)) return
          seenN.add(n.id)
          const entry = lock.actionsLock?.dependencies.get(pinKey(n.uses.owner, n.uses.repo, n.uses.ref))
          for (const e of n.children) {
            const q = e.uses.parsed
            if (q.kind !== 'repo') continue
            const childAt = { ...at, chain: [...hops, e.uses.value] }
            deps.push({ owner: q.owner, repo: q.repo, ref: q.ref, value: e.uses.value, at: childAt })
            const ck = pinKey(q.owner, q.repo, q.ref)
            if (entry && lock.onboarded && !entry.uses.includes(ck) && !(q.owner.toLowerCase() === n.uses.owner.toLowerCase() && q.repo.toLowerCase() === n.uses.repo.toLowerCase() && q.ref === n.uses.ref)) {
              add(`uses:${entry.key}:${ck}`, {
                ...childAt,
                message: `${code(n.uses.raw)} at its locked commit uses ${code(e.uses.value)}, which its actions.lock entry ${code(entry.key)} does not record`,
                fix: 'Run `gh actions-lock` to re-resolve the lockfile, review the new dependency, and commit it.',
              })
            }
            walk(e.node, [...hops, e.uses.value], seenN)
          }
        }
        walk(r.node, [r.uses.value], new Set())
      }
    } else {
      for (const site of jobSites(ctx.workflow, ctx.scope, ctx.local)) {
        if (site.job.uses) push(site.job.uses, { file: site.wf.file, at: site.job.uses.pos, job: site.job.id }, site.wf.file)
        for (const s of stepSites(site, ctx.local)) if (s.step.uses) push(s.step.uses, { file: s.wf.file, at: s.step.uses.pos, job: s.top.job.id, step: s.top.step }, s.wf.file)
      }
    }
    for (const d of deps) {
      const key = pinKey(d.owner, d.repo, d.ref)
      const fixLock = 'Run `gh actions-lock` (or `release-gate lock` for gha.sum) for this workflow, review the result, and commit it.'
      if (lock.onboarded && !lock.closure!.has(key)) {
        add(`lock:${key}`, { ...d.at, message: `${code(d.value)} is not in actions.lock for this workflow: GitHub will refuse the run, or the lock is stale`, fix: fixLock, subject: d.value })
      }
      if (lock.ghaSum) {
        const id = `${d.owner}/${d.repo}@${d.ref}`
        const has = [...lock.ghaSum.entries.keys()].some((k) => k.toLowerCase() === id.toLowerCase())
        if (!has) add(`sum:${id}`, { ...d.at, message: `${code(d.value)} has no checksum in gha.sum`, fix: fixLock, subject: d.value })
      }
      const entry = lock.actionsLock?.dependencies.get(key)
      if (lock.onboarded && d.comment && /^[0-9a-f]{40}$/i.test(d.ref)) {
        const byTag = lock.actionsLock?.dependencies.get(pinKey(d.owner, d.repo, d.comment))
        if (byTag && byTag.commit.hex !== d.ref.toLowerCase()) {
          add(`commit:${key}`, { ...d.at, message: `actions.lock pins ${code(byTag.key)} to ${code(byTag.commit.hex.slice(0, 12))}, but the workflow pins ${code(d.ref.slice(0, 12))} (\`# ${d.comment}\`)`, fix: fixLock })
        }
      }
      const ids = lock.ids?.get(`${d.owner}/${d.repo}`.toLowerCase())
      if (entry && ids && !('error' in ids) && (ids.ownerId !== entry.ownerId || ids.repoId !== entry.repoId)) {
        add(`ids:${key}`, {
          ...d.at,
          message: `${code(`${d.owner}/${d.repo}`)} is not the repository actions.lock recorded (owner ${entry.ownerId}, repo ${entry.repoId}; now owner ${ids.ownerId}, repo ${ids.repoId}): it was renamed, or deleted and its name taken`,
          fix: 'Find out who owns the repository now before re-locking; if the change is legitimate, run `gh actions-lock` and review.',
        })
      }
    }
    return out
  },
}
