import { describe, expect, it } from '@jest/globals'
import { auditTarget, buildReport } from '../../src/engine.js'
import type { AttestResult } from '../../src/attest/index.js'
import { FIXTURES, loadFixture, notOkLines, ofRule, options } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

const P = 'workflows/unverified-artifact/positive.yml'
const run = (rel: string, attest?: AttestResult) => {
  const wf = loadFixture(rel)
  const opts = options()
  return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'api', failures: [], jobId: 'publish', ...(attest ? { attest } : {}) }, opts)], [], opts)
}
const verified = { file: 'dist/demo-1.2.0.tar.gz', sha256: 'a'.repeat(64), verdict: 'verified' as const, signer: 'https://github.com/octo/demo/.github/workflows/deploy.yml@refs/tags/v1.2.0', sourceRef: 'refs/tags/v1.2.0', runner: 'github-hosted' }

describe('unverified-artifact', () => {
  it('reports a file gh could not verify at the release-gate step, quoting gh', () => {
    const r = run(P, {
      mode: 'required',
      patterns: ['dist/**'],
      noMatch: false,
      failures: [],
      files: [verified, { file: 'dist/demo-1.2.0-py3-none-any.whl', sha256: 'b'.repeat(64), verdict: 'failed', reason: `gh exited 1: ✗ No attestations found for subject sha256:${'b'.repeat(64)}` }],
    })
    const fs = ofRule(r, 'unverified-artifact')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe(`\`dist/demo-1.2.0-py3-none-any.whl\` (sha256:bbbbbbbbbbbb) is not verified: gh exited 1: ✗ No attestations found for subject sha256:${'b'.repeat(64)}`)
    expect(fs[0]).toMatchObject({ job: 'publish', step: { index: 0 }, blocking: true })
  })

  it('never passes an empty match', () => {
    const fs = ofRule(run(P, { mode: 'required', patterns: ['dist/**'], noMatch: true, failures: [], files: [] }), 'unverified-artifact')
    expect(fs[0].message).toMatch(/^Could not find subject at path `dist\/\*\*` \(actions\/attest-build-provenance's error for the same input\): nothing was verified/)
  })

  it('is quiet when every file is verified', () => {
    expect(ofRule(run('workflows/unverified-artifact/near-miss.yml', { mode: 'required', patterns: ['dist/**'], noMatch: false, failures: [], files: [verified] }), 'unverified-artifact')).toEqual([])
  })

  it('is "not checked" when attestations are off, saying where they are verified', () => {
    // the fixture's gate step sets artifact-name: the job verifies at run time, the CLI cannot
    expect(run(P).skipped).toContainEqual({ check: 'unverified-artifact', reason: "verified inside job 'publish' at run time: its release-gate step sets `artifact-name`" })
    const plain = parseWorkflow(readFileSync(join(FIXTURES, P), 'utf8').replace(/\n {8}with:\n {10}artifact-name: dist/, ''), 'deploy.yml')
    const opts = options()
    const r = buildReport([auditTarget({ file: plain.file, workflow: plain, source: 'api', failures: [], jobId: 'publish' }, opts)], [], opts)
    expect(r.skipped).toContainEqual({ check: 'unverified-artifact', reason: expect.stringMatching(/^attestations: off \(set `subject-path` or `artifact-name`/) })
  })
})
