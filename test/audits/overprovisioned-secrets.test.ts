import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('overprovisioned-secrets', () => {
  it('flags toJSON(secrets) and a computed secrets[...] index at the expression', () => {
    const P = 'workflows/overprovisioned-secrets/positive.yml'
    const fs = ofRule(audit(P), 'overprovisioned-secrets')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe('`${{ toJSON(secrets) }}` exposes `toJSON(secrets)`: every secret to job `publish`')
    expect(fs[0].column).toBe(24)
    expect(fs[1].message).toMatch(/a computed `secrets\[…\]` index/)
  })

  it('accepts a literal index and toJSON of other contexts', () => {
    expect(ofRule(audit('workflows/overprovisioned-secrets/near-miss.yml'), 'overprovisioned-secrets')).toEqual([])
  })
})
