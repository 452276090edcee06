import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('poisoned-environment', () => {
  const P = 'workflows/poisoned-environment/positive.yml'

  it('blocks code-loading variables, an ignorable gate failure and a publish after the gate failed', () => {
    const fs = ofRule(audit(P, { job: 'publish' }), 'poisoned-environment')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
    expect(fs[0].message).toBe(
      'the workflow sets `NODE_OPTIONS`, which makes every Node.js process, the gate included, load a module first: code that is not in this workflow can run before the gate decides, or change its verdict',
    )
    expect(fs.find((f) => f.message.includes('!cancelled()'))!.message).toContain('publishes (`pypa/gh-action-pypi-publish@')
    expect(audit(P, { job: 'publish' }).verdict).toBe('fail')
  })

  it('judges the publishing jobs from the CLI the same way', () => {
    expect(ofRule(audit(P), 'poisoned-environment').map((f) => f.line)).toEqual(notOkLines(P))
  })

  it('keeps memory limits, plain names and a notification after failure clean', () => {
    expect(ofRule(audit('workflows/poisoned-environment/near-miss.yml', { job: 'publish' }), 'poisoned-environment')).toEqual([])
  })
})
