import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('unintentional-trigger', () => {
  it('warns about branch pushes and schedules reaching the publish step', () => {
    const P = 'workflows/unintentional-trigger/positive.yml'
    const fs = ofRule(audit(P, { job: 'build-and-publish' }), 'unintentional-trigger')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.map((f) => f.message)).toEqual([
      'publishing job `build-and-publish` can run on a push to a branch (main), not only on a release decision.',
      'publishing job `build-and-publish` can run on schedule, not only on a release decision.',
    ])
    expect(fs.every((f) => f.severity === 'warning' && !f.blocking)).toBe(true)
  })

  it('accepts a job gated to tags, and TestPyPI rehearsals on every push', () => {
    const r = audit('workflows/unintentional-trigger/near-miss.yml')
    expect(ofRule(r, 'unintentional-trigger')).toEqual([])
  })

  it('names the release-bot pattern (release-plz on push to main)', () => {
    const fs = ofRule(audit('corpus/workflows/rust-lang__cc-rs__publish.yml', { job: 'release-plz-release' }), 'unintentional-trigger')
    expect(fs[0].message).toMatch(/This is the release-plz pattern/)
  })

  it('reads step-level if: (packaging guide 2023: PyPI only from tags)', () => {
    const fs = ofRule(audit('corpus/workflows/pypa__packaging.python.org__publish-to-test-pypi__a1ecd5e7.yml', { job: 'build-n-publish' }), 'unintentional-trigger')
    expect(fs).toEqual([])
  })
})
