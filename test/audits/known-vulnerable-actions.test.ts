import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FakeGitHub } from '../helpers/fake-github.js'
import { notOkLines, ofRule, readFixture } from '../helpers/audit.js'
import { auditOnline, world } from '../helpers/online.js'

let gh: FakeGitHub
beforeAll(async () => void (gh = await world()))
afterAll(async () => gh.stop())

describe('known-vulnerable-actions', () => {
  it('flags tj-actions/changed-files at a version covered by GHSA-mrrh-fwg8-r2c3', async () => {
    const P = 'workflows/known-vulnerable-actions/positive.yml'
    const { report } = await auditOnline(gh, readFixture(P), '.github/workflows/release.yml', 'publish')
    const fs = ofRule(report, 'known-vulnerable-actions')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/^`tj-actions\/changed-files` `v45\.0\.7` is covered by GHSA-mrrh-fwg8-r2c3 \(high\)/)
    expect(fs[0].fix).toBe('Update to 46.0.1 or later, pinned by its full SHA.')
  })

  it('accepts the patched release', async () => {
    const { report } = await auditOnline(gh, readFixture('workflows/known-vulnerable-actions/near-miss.yml'), '.github/workflows/release.yml', 'publish')
    expect(ofRule(report, 'known-vulnerable-actions')).toEqual([])
  })
})
