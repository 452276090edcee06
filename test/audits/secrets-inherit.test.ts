import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('secrets-inherit', () => {
  it('flags secrets: inherit on a reusable workflow the publishing job needs', () => {
    const P = 'workflows/secrets-inherit/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'secrets-inherit')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/^job `test-e2e` calls `\.\/\.github\/workflows\/_e2e_tests\.yaml` with `secrets: inherit`/)
  })

  it('warns about secrets: inherit elsewhere in the release workflow, where it cannot change what is published', () => {
    const P = 'workflows/secrets-inherit/outside-scope.yml'
    const fs = ofRule(audit(P, { job: 'build-push-images' }), 'secrets-inherit')
    expect(fs.map((f) => [f.line, f.severity, f.job])).toEqual(notOkLines(P).map((l) => [l, 'warning', 'test-e2e']))
    expect(fs[0].message).toMatch(/the publishing job does not need it, but it runs in the same release workflow$/)
    // guarding the calling job itself, the call is in scope: an error
    const all = ofRule(audit(P, { job: 'test-e2e' }), 'secrets-inherit')
    expect(all.map((f) => f.severity)).toEqual(['error'])
  })

  it('accepts secrets passed by name', () => {
    expect(ofRule(audit('workflows/secrets-inherit/near-miss.yml', { job: 'publish' }), 'secrets-inherit')).toEqual([])
  })
})
