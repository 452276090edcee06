import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FakeGitHub } from '../helpers/fake-github.js'
import { notOkLines, ofRule, readFixture } from '../helpers/audit.js'
import { auditOnline, world } from '../helpers/online.js'

let gh: FakeGitHub
beforeAll(async () => void (gh = await world()))
afterAll(async () => gh.stop())

describe('ref-version-mismatch', () => {
  it('warns when the comment names a release the SHA is not', async () => {
    const P = 'workflows/ref-version-mismatch/positive.yml'
    const { report } = await auditOnline(gh, readFixture(P), '.github/workflows/release.yml', 'publish')
    const fs = ofRule(report, 'ref-version-mismatch')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toContain('(which is `v4.2.2`)')
    expect(fs[0].fix).toBe('Change the comment to `# v4.2.2`, or pin 08c6903cd8c0fde910a37f88322edcfb5dd907a8 if v5.0.0 is what you meant.')
  })

  it('accepts a comment that matches', async () => {
    const { report } = await auditOnline(gh, readFixture('workflows/ref-version-mismatch/near-miss.yml'), '.github/workflows/release.yml', 'publish')
    expect(ofRule(report, 'ref-version-mismatch')).toEqual([])
  })
})
