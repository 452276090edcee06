import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

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

describe('unintentional-trigger: reviews', () => {
  it('warns when a review can start the publishing job: a review is not a release decision', () => {
    const wf = parseWorkflow(
      "name: Publish\non:\n  pull_request_review:\n    types: [submitted]\n  release:\n    types: [published]\npermissions: {}\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    environment: pypi\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1\n      - uses: pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0\n",
      'publish.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'unintentional-trigger')
    expect(fs.map((f) => [f.line, f.message])).toEqual([[3, 'publishing job `publish` can run on pull_request_review, not only on a release decision.']])
  })
})
