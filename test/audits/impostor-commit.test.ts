import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FakeGitHub } from '../helpers/fake-github.js'
import { notOkLines, ofRule, readFixture } from '../helpers/audit.js'
import { auditOnline, world } from '../helpers/online.js'

let gh: FakeGitHub
beforeAll(async () => void (gh = await world()))
afterAll(async () => gh.stop())

describe('impostor-commit', () => {
  it('flags a SHA that no branch or tag of the repository reaches', async () => {
    const P = 'workflows/impostor-commit/positive.yml'
    const { report } = await auditOnline(gh, readFixture(P), '.github/workflows/release.yml', 'publish')
    const fs = ofRule(report, 'impostor-commit')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toMatch(/lives only in a fork of the repository network/)
    // the commits endpoint answers for it; only compare tells
    expect(gh.requests.some((r) => r.path.startsWith('/repos/actions/checkout/compare/main...'))).toBe(true)
  })

  it('accepts the commit a release tag points to, with one request', async () => {
    const before = gh.requests.length
    const { report } = await auditOnline(gh, readFixture('workflows/impostor-commit/near-miss.yml'), '.github/workflows/release.yml', 'publish')
    expect(ofRule(report, 'impostor-commit')).toEqual([])
    expect(gh.requests.slice(before).filter((r) => r.path.includes('/compare/'))).toEqual([])
  })
})
