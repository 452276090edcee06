import { describe, expect, it } from '@jest/globals'
import { audit, notOkLines, ofRule } from '../helpers/audit.js'

describe('template-injection', () => {
  it('flags attacker text in run: and github-script, an error when pull_request_target reaches it', () => {
    const P = 'workflows/template-injection/positive.yml'
    const fs = ofRule(audit(P, { job: 'publish' }), 'template-injection')
    expect(fs.map((f) => f.line)).toEqual(notOkLines(P))
    expect(fs[0]).toMatchObject({ severity: 'error', column: 20 })
    expect(fs[0].message).toBe(
      "`${{ github.event.pull_request.title }}` is expanded into `run:`: an outsider chooses this text, and `pull_request_target` runs this step with the repository's secrets",
    )
    expect(fs[1].message).toMatch(/^`\$\{\{ github\.head_ref \}\}` is expanded into `actions\/github-script` `script:`/)
    expect(fs[2]).toMatchObject({ severity: 'warning' })
    expect(fs[2].message).toMatch(/whoever dispatches the workflow chooses this text/)
    expect(fs[0].fix).toContain('env: { VALUE: ${{ github.event.pull_request.title }} }')
  })

  it('accepts fixed values and untrusted text passed through env', () => {
    expect(ofRule(audit('workflows/template-injection/near-miss.yml'), 'template-injection')).toEqual([])
  })

  it('finds the Ultralytics injection in its composite action (github.head_ref in git pull)', () => {
    const fs = ofRule(audit('corpus/actions/ultralytics__actions__edb4e5ef__action.yml'), 'template-injection')
    expect(fs.map((f) => f.line)).toContain(216)
    expect(fs.find((f) => f.line === 216)!.severity).toBe('warning')
  })
})
