import { describe, expect, it } from '@jest/globals'
import { auditTarget, buildReport } from '../../src/engine.js'
import type { IntegrityResult } from '../../src/resolve/integrity.js'
import { loadFixture, ofRule, options } from '../helpers/audit.js'

const base = (over: Partial<IntegrityResult>): IntegrityResult => ({ id: 'rust-lang/crates-io-auth-action@v1.0.1', dir: '/runner/_actions/rust-lang/crates-io-auth-action/v1.0.1', method: 'git-tree', commit: 'e919bc7605cde86df457cf5b93c5e103838bd879', ok: true, extra: [], missing: [], changed: [], notes: [], ...over })
const run = (name: string, integrity: IntegrityResult[]) => {
  const wf = loadFixture(`workflows/integrity-mismatch/${name}.yml`)
  const opts = options()
  return buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'api', failures: [], jobId: 'publish', integrity }, opts)], [], opts)
}

describe('integrity-mismatch (the rule over comparison results)', () => {
  it('reports changed, missing and extra files, capped at five names each', () => {
    const r = run('positive', [base({ ok: false, changed: ['dist/index.js'], missing: ['action.yml'], extra: ['a', 'b', 'c', 'd', 'e', 'f'] })])
    const f = ofRule(r, 'integrity-mismatch')
    expect(f[0].message).toBe("the runner's download of `rust-lang/crates-io-auth-action@v1.0.1` is not the locked content: 1 changed (`dist/index.js`); 1 missing (`action.yml`); 6 extra (`a`, `b`, `c`, `d`, `e`, …) against commit `e919bc7605cd`")
    expect(f[0].blocking).toBe(true)
  })

  it('is quiet when every download matches', () => {
    expect(ofRule(run('near-miss', [base({}), base({ id: 'actions/checkout@v6.0.2' })]), 'integrity-mismatch')).toEqual([])
  })

  it('is "not checked" outside a job', () => {
    const wf = loadFixture('workflows/integrity-mismatch/near-miss.yml')
    const opts = options()
    const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [], jobId: 'publish' }, opts)], [], opts)
    expect(r.skipped).toContainEqual({ check: 'integrity-mismatch', reason: 'not inside a job: there is no runner download to compare' })
  })
})
