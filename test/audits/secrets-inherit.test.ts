import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('secrets-inherit', () => {
  it('flags secrets: inherit on a reusable workflow the publishing job needs', () => {
    const P = 'workflows/secrets-inherit/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'secrets-inherit')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/^job `test-e2e` calls `\.\/\.github\/workflows\/_e2e_tests\.yaml` with `secrets: inherit`/)
  })

  it('accepts secrets passed by name', () => {
    expect(ofRule(audit('workflows/secrets-inherit/near-miss.yml', { job: 'publish' }), 'secrets-inherit')).toEqual([])
  })
})
