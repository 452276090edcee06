import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('artipacked', () => {
  it('is an error when the workspace is uploaded with the token, a warning otherwise', () => {
    const P = 'workflows/artipacked/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'artipacked')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs.map((f) => f.severity)).toEqual(['error', 'warning'])
    expect(fs[0].message).toBe('`actions/checkout@v3` keeps the token in `.git/config`, and `actions/upload-artifact@v3` uploads the workspace with it')
  })

  it('accepts persist-credentials: false', () => {
    expect(ofRule(audit('workflows/artipacked/near-miss.yml', { job: 'publish' }), 'artipacked')).toEqual([])
  })

  it('knows upload-artifact v4+ leaves .git out unless include-hidden-files is set', () => {
    const fs = ofRule(audit('corpus/workflows/tensorflow__tensorflow__arm-ci__149cadc2.yml'), 'artipacked')
    expect(fs.every((f) => f.severity === 'warning')).toBe(true)
  })
})
