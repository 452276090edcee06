import { describe, expect, it } from '@jest/globals'
import { auditTarget, buildReport } from '../../src/engine.js'
import { RULES } from '../../src/audits/index.js'
import type { Rule } from '../../src/audits/rule.js'
import { loadFixture, ofRule, options } from '../helpers/audit.js'

describe('check-failed', () => {
  it('turns a check that could not run into a blocking finding naming the check', () => {
    const opts = options()
    const r = buildReport(
      [auditTarget({ file: 'release.yml', source: 'api', failures: [{ check: 'load the workflow', reason: 'HTTP 502', fix: 'Re-run the job.' }] }, opts)],
      [],
      opts,
    )
    expect(r.verdict).toBe('fail')
    expect(ofRule(r, 'check-failed')[0]).toMatchObject({ message: 'could not load the workflow: HTTP 502', fix: 'Re-run the job.', blocking: true, file: 'release.yml' })
  })

  it('still reports, without blocking, under fail-on: never', () => {
    const opts = options({ failOn: 'never' })
    const r = buildReport([auditTarget({ file: 'release.yml', source: 'api', failures: [{ check: 'x', reason: 'y', fix: 'z' }] }, opts)], [], opts)
    expect(r.verdict).toBe('pass')
    expect(ofRule(r, 'check-failed')).toHaveLength(1)
  })

  it('a rule that throws becomes check-failed and the other rules still run', () => {
    const boom: Rule = { id: 'zz-boom', title: 'boom', severity: 'error', check: () => { throw new Error('kaput') } }
    ;(RULES as Rule[]).push(boom)
    try {
      const wf = loadFixture('workflows/unpinned-uses/positive.yml')
      const opts = options()
      const r = buildReport([auditTarget({ file: wf.file, workflow: wf, source: 'local', failures: [] }, opts)], [], opts)
      expect(ofRule(r, 'check-failed')[0].message).toBe("could not run rule 'zz-boom': kaput")
      expect(ofRule(r, 'unpinned-uses')).toHaveLength(3)
    } finally {
      ;(RULES as Rule[]).pop()
    }
  })
})
