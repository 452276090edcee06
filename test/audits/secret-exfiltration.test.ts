import { describe, expect, it } from '@jest/globals'
import { audit, auditWorkflow, notOkLines, ofRule } from '../helpers/audit.js'
import { parseWorkflow } from '../../src/workflow/model.js'

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

  it('flags a secret written into the workspace of a job that uploads it', () => {
    const wf = parseWorkflow(
      [
        'on: release',
        'permissions: {}',
        'jobs:',
        '  build:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: echo "${{ secrets.SIGNING_KEY }}" > dist/key.pem && make sign',
        '      - uses: actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2',
        '        with: { name: dist, path: dist/ }',
        '',
      ].join('\n'),
      'r.yml',
    )
    const fs = ofRule(auditWorkflow(wf), 'secret-exfiltration')
    expect(fs.map((f) => [f.line, f.message])).toEqual([[7, 'the script writes `secrets.SIGNING_KEY` to a file in a job that uploads artifacts']])
  })

  it('knows which writes can end up in an artifact', async () => {
    const { writesIntoWorkspace } = await import('../../src/audits/secret-exfiltration.js')
    expect(writesIntoWorkspace('echo "$TOKEN" > dist/token.txt')).toBe(true)
    expect(writesIntoWorkspace('echo "$TOKEN" | tee -a build/env')).toBe(true)
    expect(writesIntoWorkspace('base64 -D <<<"$CERT" > "$RUNNER_TEMP/cert.p12"')).toBe(false)
    expect(writesIntoWorkspace('echo "//registry.npmjs.org/:_authToken=$T" > ~/.npmrc')).toBe(false)
    expect(writesIntoWorkspace('echo "v=$T" >> $GITHUB_OUTPUT')).toBe(false)
    expect(writesIntoWorkspace('echo $T 2>&1')).toBe(false)
  })

  it('accepts the job token to GitHub, a webhook secret to its service, and a filtered env', () => {
    expect(ofRule(audit('workflows/secret-exfiltration/near-miss.yml'), 'secret-exfiltration')).toEqual([])
  })
})
