/**
 * ungated-publishing: in the running workflow, every job that publishes is guarded by a
 * gate. It runs release-gate itself, or it runs only after the gate's job succeeded: it
 * needs that job (directly or through other jobs), and no job on the way runs after a failed
 * need (`always()`, `failure()`, `!cancelled()`). A sibling that publishes next to the gate's
 * job, or downstream of it with an always-style `if:`, publishes whatever the gate decided.
 *
 * The walk over `needs` is iterative (a topological order), so a chain of thousands of jobs
 * costs linear time and no stack.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { topLevelOperands } from '../workflow/expr.js'
import { isGate } from './gate-order.js'
import { hasIdTokenWrite, isRehearsal, publishSignals } from '../workflow/publish.js'
import { stepNeeds } from '../workflow/actions.js'
import type { Job, Workflow } from '../workflow/model.js'
import type { LocalFiles } from '../workflow/sites.js'

/** A condition that lets a job run after one of its needs failed or was skipped. */
const STATUS = /\b(?:always|failure|cancelled)\s*\(/i

/** The top-level `&&` operands of an `if:` (outside parentheses and strings). Linear. */
function conjuncts(cond: string): string[] {
  return topLevelOperands(cond.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'), '&&')
}

/**
 * Does job `j` run only when its need `dep` succeeded? Without a status function, a job runs
 * only when all its needs succeeded. With one, only when its condition itself requires
 * `needs.<dep>.result == 'success'` as a top-level `&&` operand.
 */
function waitsFor(j: Job, dep: string): boolean {
  if (!j.if || !STATUS.test(j.if.value)) return true
  const want = `needs.${dep}.result`.toLowerCase()
  return conjuncts(j.if.value).some((c) => {
    const m = /^\(?\s*([\w.-]+)\s*==\s*'success'\s*\)?$/i.exec(c) ?? /^\(?\s*'success'\s*==\s*([\w.-]+)\s*\)?$/i.exec(c)
    return !!m && m[1].toLowerCase() === want
  })
}

/** Jobs that run only after `gate` succeeded, by an iterative walk in topological order. */
export function gatedJobs(wf: Workflow, gate: Job): Set<string> {
  const byId = new Map(wf.jobs.map((j) => [j.id, j]))
  const dependents = new Map<string, Job[]>()
  const pending = new Map<string, number>()
  for (const j of wf.jobs) {
    const ds = j.needs.filter((n) => byId.has(n.value))
    pending.set(j.id, ds.length)
    for (const n of ds) {
      const l = dependents.get(n.value) ?? []
      l.push(j)
      dependents.set(n.value, l)
    }
  }
  const gated = new Set<string>([gate.id])
  const queue = wf.jobs.filter((j) => pending.get(j.id) === 0)
  for (let qi = 0; qi < queue.length; qi++) {
    const j = queue[qi]
    if (j !== gate && j.needs.some((n) => gated.has(n.value) && waitsFor(j, n.value))) gated.add(j.id)
    for (const d of dependents.get(j.id) ?? []) {
      const left = pending.get(d.id)! - 1
      pending.set(d.id, left)
      if (left === 0) queue.push(d)
    }
  }
  return gated
}

/** What a job publishes, or, for a call of a reusable workflow in this repository, what its jobs publish. */
function publishes(wf: Workflow, job: Job, local: LocalFiles): string | undefined {
  const s = publishSignals(wf, job).find((p) => !p.step || !isRehearsal(p.step))
  // a package script says how it publishes (the chain through package.json), already in code
  if (s) return s.script ? s.script.evidence : code(s.evidence)
  const u = job.uses?.parsed
  if (u && u.kind === 'local' && u.reusableWorkflow) {
    const called = local.get(u.path)
    for (const j of called?.jobs ?? []) {
      const cs = publishSignals(called!, j).find((p) => !p.step || !isRehearsal(p.step))
      if (cs) return cs.script ? `${cs.script.evidence} in ${code(job.uses!.value)}` : code(`${cs.evidence} in ${job.uses!.value}`)
    }
  }
  return undefined
}

export const rule: Rule = {
  id: 'ungated-publishing',
  title: 'publishing job not guarded by the gate',
  severity: 'error',
  check(ctx: RuleContext): Finding[] {
    const wf = ctx.workflow
    if (ctx.scope.mode !== 'gate' || wf.kind !== 'workflow') return []
    const gate = ctx.scope.targets[0]
    if (!gate) return []
    const gated = gatedJobs(wf, gate)
    const out: Finding[] = []
    for (const j of wf.jobs) {
      if (gated.has(j.id) || j.steps.some((s) => isGate(s, ctx.runtime?.gateRepository))) continue
      const what = publishes(wf, j, ctx.local)
      if (what) {
        const downstream = !!j.if && STATUS.test(j.if.value) && j.needs.length > 0
        out.push(
          ctx.finding({
            message: downstream
              ? `job ${code(j.id)} publishes (${what}) with \`if: ${j.if!.value}\`: it also runs when release-gate's job ${code(gate.id)} failed, so the gate's block does not stop it`
              : `job ${code(j.id)} publishes (${what}) without waiting for release-gate's job ${code(gate.id)}: it runs whatever the gate decides`,
            fix: `Make job ${code(j.id)} need ${code(gate.id)} (\`needs: [${gate.id}]\`) with no \`always()\`, \`failure()\` or \`cancelled()\` in its \`if:\` (or require \`needs.${gate.id}.result == 'success'\`), or run release-gate as its first step.`,
            at: downstream ? j.if!.pos : j.pos,
            job: j.id,
          }),
        )
        continue
      }
      // a job that can mint an OIDC token trusted publishing accepts, and runs a step the gate
      // cannot read (`./scripts/publish.sh`, an unknown action): it may publish, unguarded
      const opaque = j.steps.map((st) => stepNeeds(st).opaque).find(Boolean)
      if (opaque && hasIdTokenWrite(wf, j)) {
        out.push(
          ctx.finding({
            message: `job ${code(j.id)} holds \`id-token: write\` and runs ${code(opaque)}, which release-gate cannot read, without waiting for release-gate's job ${code(gate.id)}: if it publishes, the gate does not guard it`,
            fix: `Make job ${code(j.id)} need ${code(gate.id)}, or run release-gate as its first step; if it does not publish, remove \`id-token: write\` or suppress this with the reason.`,
            at: j.pos,
            job: j.id,
            severity: 'warning',
          }),
        )
        continue
      }
      // a reusable workflow elsewhere: the gate cannot read it here; one that gets secrets or
      // an OIDC token can publish
      const u = j.uses?.parsed
      if (u && u.kind === 'repo' && (j.secrets || j.permissions?.kind === 'write-all' || j.permissions?.scopes.get('id-token')?.value === 'write')) {
        out.push(
          ctx.finding({
            message: `job ${code(j.id)} calls ${code(j.uses!.value)} with ${j.secrets ? 'secrets' : 'an OIDC token'} and does not wait for release-gate's job ${code(gate.id)}: the gate cannot tell here whether it publishes`,
            fix: `Make job ${code(j.id)} need ${code(gate.id)}, or run release-gate first in the called workflow's publishing job.`,
            at: j.pos,
            job: j.id,
            severity: 'warning',
          }),
        )
      }
    }
    return out
  },
}
