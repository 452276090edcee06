import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('secret-exfiltration', () => {
  it('flags the GhostAction pattern, an encoded environment dump and a secret-bound variable sent to an IP', () => {
    const P = 'workflows/secret-exfiltration/positive.yml'
    const fs = ofRule(audit(P), 'secret-exfiltration')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe('the script sends `secrets.PYPI_API_TOKEN` over the network to `bold-dhawan.45-139-104-115.plesk.page`')
    expect(fs[1].message).toMatch(/dumps the whole environment .* encoded past the log masking/)
    expect(fs[2].message).toMatch(/sends `\$NPM \(secrets\.NPM_TOKEN\)` over the network to `185\.199\.0\.7`/)
    expect(fs.every((f) => f.severity === 'error')).toBe(true)
  })

  it('accepts the job token to GitHub, a webhook secret to its service, and a filtered env', () => {
    expect(ofRule(audit('workflows/secret-exfiltration/near-miss.yml'), 'secret-exfiltration')).toEqual([])
  })
})
