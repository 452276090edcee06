import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

const POS = 'workflows/unpinned-images/positive.yml'

describe('unpinned-images', () => {
  it('flags container, service and docker:// images referenced by tag', () => {
    const fs = ofRule(audit(POS, { job: 'publish' }), 'unpinned-images')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(POS))
    expect(fs[0].message).toMatch(/job container image `python:3.12-slim` is referenced by tag `3.12-slim`/)
    expect(fs[1].message).toMatch(/service 'registry' image/)
    expect(fs[2]).toMatchObject({ job: 'build', step: { index: 1 } })
    expect(fs[2].fix).toContain('ghcr.io/astral-sh/uv:latest@sha256:<digest>')
    // docker:// steps belong to unpinned-images, never to unpinned-uses
    expect(ofRule(audit(POS, { job: 'publish' }), 'unpinned-uses')).toEqual([])
  })

  it('allows images pinned by digest', () => {
    expect(ofRule(audit('workflows/unpinned-images/near-miss.yml', { job: 'publish' }), 'unpinned-images')).toEqual([])
  })
})
