import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { FakeGitHub } from '../helpers/fake-github.js'
import { notOkLines, ofRule, readFixture } from '../helpers/audit.js'
import { auditOnline, world } from '../helpers/online.js'

let gh: FakeGitHub
beforeAll(async () => void (gh = await world()))
afterAll(async () => gh.stop())

describe('unprotected-environment', () => {
  it('flags an environment that does not exist (GitHub would create it unprotected)', async () => {
    const P = 'workflows/unprotected-environment/positive.yml'
    const { report } = await auditOnline(gh, readFixture(P), '.github/workflows/publish.yml', 'publish')
    const fs = ofRule(report, 'unprotected-environment')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0].message).toBe('environment `Release - PyPI` does not exist: GitHub creates it on first use, with no protection rules')
    expect(gh.requests.some((r) => r.path === '/repos/octo/demo/environments/Release%20-%20PyPI')).toBe(true)
  })

  it('accepts an environment with reviewers, no self-review and a tag rule', async () => {
    const { report } = await auditOnline(gh, readFixture('workflows/unprotected-environment/near-miss.yml'), '.github/workflows/publish.yml', 'publish')
    expect(ofRule(report, 'unprotected-environment')).toEqual([])
    expect(gh.requests.some((r) => r.path === '/repos/octo/demo/environments/release/deployment-branch-policies?per_page=100')).toBe(true)
  })
})
