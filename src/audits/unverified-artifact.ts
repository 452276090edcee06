/**
 * unverified-artifact: what is about to be published must carry an attestation from this
 * repository's release workflow, for this ref and commit, built on a GitHub-hosted runner,
 * whose attested digest is the file's own. An empty match never passes.
 */
import { code } from './finding.js'
import type { Finding } from './finding.js'
import type { Rule, RuleContext } from './rule.js'
import { isGate } from './gate-order.js'

export const rule: Rule = {
  id: 'unverified-artifact',
  title: 'artifact without a verified attestation',
  severity: 'error',
  requires: 'attest',
  check(ctx: RuleContext): Finding[] {
    const a = ctx.attest!
    const job = ctx.scope.targets[0]
    const gate = job?.steps.find((s) => isGate(s, ctx.runtime?.gateRepository))
    const at = { at: gate?.uses?.pos ?? job?.pos ?? { line: 1, column: 1 }, ...(job ? { job: job.id } : {}), ...(gate ? { step: gate } : {}) }
    const out: Finding[] = []
    if (a.noMatch) {
      out.push(ctx.finding({ ...at, message: `Could not find subject at path ${code(a.patterns.join(', '))} (actions/attest-build-provenance's error for the same input): nothing was verified, so nothing may be published`, fix: 'Download or build the artifacts before release-gate runs (or set `artifact-name`), and check `subject-path`.' }))
    }
    for (const f of a.files) {
      if (f.verdict === 'verified') continue
      out.push(ctx.finding({ ...at, message: `${code(f.file)} (sha256:${f.sha256.slice(0, 12)}) is not verified: ${f.reason}`, fix: 'Attest the file in the build job with `actions/attest-build-provenance` (it needs `id-token: write` and `attestations: write`), from this workflow, for this ref; then publish exactly that file.' }))
    }
    return out
  },
}
