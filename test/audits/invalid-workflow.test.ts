import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('invalid-workflow', () => {
  it('reports each value of the wrong type at its line, and still audits the rest', () => {
    const r = audit('workflows/invalid-workflow/positive.yml')
    const fs = ofRule(r, 'invalid-workflow')
    expect(fs.map((f) => f.line).sort((a, b) => a - b)).toEqual(notOkLines('workflows/invalid-workflow/positive.yml'))
    expect(fs.every((f) => f.blocking)).toBe(true)
  })

  it('is quiet on a well-formed workflow', () => {
    expect(ofRule(audit('workflows/invalid-workflow/near-miss.yml'), 'invalid-workflow')).toEqual([])
  })
})
