/**
 * A fake `gh` on PATH. It checks the arguments it gets the way gh does (one of --repo/--owner,
 * a known --format, the file exists), logs them, and answers from a store of attestations as
 * gh does: JSON on stdout and exit 0 when one matches the policy flags; "✗ No attestations
 * found for subject sha256:…" or "✗ Verification failed" with an `Error:` line on stderr and
 * exit 1 otherwise. Output shapes follow gh's `attestation verify --format json`.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { tmpdir } from 'node:os'

export interface StoredAttestation {
  /** sha256 hex of the attested file */
  digest: string
  /** the workflow that signed: owner/repo/.github/workflows/x.yml */
  signerWorkflow: string
  sourceRef: string
  sourceDigest: string
  runner: 'github-hosted' | 'self-hosted'
  predicateType?: string
  /** report this digest in the statement instead (a mismatch gh itself would not catch) */
  claimDigest?: string
}

export interface FakeGhConfig {
  version: string
  attestations: StoredAttestation[]
  /** Hang, or write output without end, when the first argument is `when` (`--version`, `attestation`). */
  misbehave?: { when: string; how: 'hang' | 'flood' }
}

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require('fs'), crypto = require('crypto')
const cfg = JSON.parse(fs.readFileSync(process.env.FAKE_GH_CONFIG, 'utf8'))
const argv = process.argv.slice(2)
fs.appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ argv, token: process.env.GH_TOKEN ? 'set' : 'unset', pid: process.pid }) + '\n')
if (cfg.misbehave && cfg.misbehave.when === argv[0]) {
  // a gh that hangs (a network call that never returns) or floods its output
  if (cfg.misbehave.how === 'hang') { setInterval(() => {}, 1000); return }
  const line = 'x'.repeat(1023) + '\n'
  const flood = () => { while (process.stdout.write(line)); process.stdout.once('drain', flood) }
  flood()
  return
}
if (argv[0] === '--version') {
  console.log('gh version ' + cfg.version + ' (2025-06-01)\nhttps://github.com/cli/cli/releases/tag/v' + cfg.version)
  process.exit(0)
}
if (argv[0] !== 'attestation' || argv[1] !== 'verify') { console.error('unknown command "' + argv[0] + '" for "gh"'); process.exit(1) }
const flags = {}, pos = []
const bool = new Set(['--deny-self-hosted-runners', '--no-public-good'])
for (let i = 2; i < argv.length; i++) {
  const a = argv[i]
  if (bool.has(a)) flags[a] = true
  else if (a.startsWith('--')) { if (argv[i + 1] === undefined) { console.error('flag needs an argument: ' + a); process.exit(1) } flags[a] = argv[++i] }
  else pos.push(a)
}
const known = ['--repo','--owner','--signer-workflow','--source-ref','--source-digest','--deny-self-hosted-runners','--predicate-type','--format','--bundle','--custom-trusted-root','--hostname','--no-public-good']
for (const f of Object.keys(flags)) if (!known.includes(f)) { console.error('unknown flag: ' + f); process.exit(1) }
if (!!flags['--repo'] === !!flags['--owner']) { console.error('specify only one of --owner or --repo'); process.exit(1) }
if (flags['--format'] && flags['--format'] !== 'json') { console.error('invalid argument for --format'); process.exit(1) }
if (pos.length !== 1) { console.error('accepts 1 arg(s), received ' + pos.length); process.exit(1) }
if (!fs.existsSync(pos[0])) { console.error('failed to digest artifact: open ' + pos[0] + ': no such file or directory'); process.exit(1) }
const digest = crypto.createHash('sha256').update(fs.readFileSync(pos[0])).digest('hex')
console.error('Loaded digest sha256:' + digest + ' for file://' + pos[0])
const predicate = flags['--predicate-type'] || 'https://slsa.dev/provenance/v1'
const found = cfg.attestations.filter(a => a.digest === digest && (a.predicateType || 'https://slsa.dev/provenance/v1') === predicate)
if (found.length === 0) { console.error('✗ No attestations found for subject sha256:' + digest); process.exit(1) }
console.error('Loaded ' + found.length + ' attestation from GitHub API')
const repo = flags['--repo'] || flags['--owner']
const fail = (why) => { console.error('✗ Verification failed\n\nError: ' + why); process.exit(1) }
const ok = found.filter(a => a.signerWorkflow.startsWith(repo + '/'))
if (!ok.length) fail('verifying with issuer "sigstore.dev": failed to verify certificate identity: no matching CertificateIdentity found, last error: expected SAN value to match regex "(?i)^https://github.com/' + repo + '/", got "https://github.com/' + found[0].signerWorkflow + '@' + found[0].sourceRef + '"')
const sw = flags['--signer-workflow']
const bySigner = sw ? ok.filter(a => a.signerWorkflow === sw.replace(/^github\.com\//, '')) : ok
if (!bySigner.length) fail('verifying with issuer "sigstore.dev": failed to verify certificate identity: no matching CertificateIdentity found, last error: expected SAN value to match regex "^https://github\\.com/' + sw + '@", got "https://github.com/' + ok[0].signerWorkflow + '@' + ok[0].sourceRef + '"')
const byRef = flags['--source-ref'] ? bySigner.filter(a => a.sourceRef === flags['--source-ref']) : bySigner
if (!byRef.length) fail('expected SourceRepositoryRef to be ' + flags['--source-ref'] + ', got ' + bySigner[0].sourceRef)
const byDigest = flags['--source-digest'] ? byRef.filter(a => a.sourceDigest === flags['--source-digest']) : byRef
if (!byDigest.length) fail('expected SourceRepositoryDigest to be ' + flags['--source-digest'] + ', got ' + byRef[0].sourceDigest)
const hosted = flags['--deny-self-hosted-runners'] ? byDigest.filter(a => a.runner === 'github-hosted') : byDigest
if (!hosted.length) fail('expected RunnerEnvironment to be github-hosted, got self-hosted')
console.error('✓ Verification succeeded!')
const a = hosted[0]
const san = 'https://github.com/' + a.signerWorkflow + '@' + a.sourceRef
process.stdout.write(JSON.stringify([{
  attestation: { bundle: { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' } },
  verificationResult: {
    mediaType: 'application/vnd.dev.sigstore.verificationresult+json;version=0.1',
    statement: { _type: 'https://in-toto.io/Statement/v1', subject: [{ name: require('path').basename(pos[0]), digest: { sha256: a.claimDigest || digest } }], predicateType: predicate,
      predicate: { buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' }, runDetails: { builder: { id: san } } } },
    signature: { certificate: { certificateIssuer: 'CN=sigstore-intermediate,O=sigstore.dev', subjectAlternativeName: san, issuer: 'https://token.actions.githubusercontent.com',
      buildSignerURI: san, buildSignerDigest: a.sourceDigest, runnerEnvironment: a.runner, sourceRepositoryURI: 'https://github.com/' + repo,
      sourceRepositoryDigest: a.sourceDigest, sourceRepositoryRef: a.sourceRef } },
    verifiedTimestamps: [{ type: 'Tlog', uri: 'https://rekor.sigstore.dev', timestamp: '2026-11-21T10:00:00Z' }],
  },
}]) + '\n')
`

export interface FakeGh {
  dir: string
  /** PATH with the fake first (and node's folder, for its shebang). */
  path: string
  env: Record<string, string>
  calls(): Array<{ argv: string[]; token: string; pid: number }>
  set(cfg: FakeGhConfig): void
}

export function fakeGh(cfg: FakeGhConfig): FakeGh {
  const dir = mkdtempSync(join(tmpdir(), 'fake-gh-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'gh'), SCRIPT)
  chmodSync(join(bin, 'gh'), 0o755)
  // the script is CommonJS whatever package.json sits above the temporary folder (`/tmp` has had one)
  writeFileSync(join(bin, 'package.json'), '{ "type": "commonjs" }\n')
  const config = join(dir, 'config.json')
  const log = join(dir, 'calls.log')
  writeFileSync(config, JSON.stringify(cfg))
  writeFileSync(log, '')
  return {
    dir: bin,
    path: `${bin}:${dirname(process.execPath)}`,
    env: { FAKE_GH_CONFIG: config, FAKE_GH_LOG: log },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []),
    set: (c) => writeFileSync(config, JSON.stringify(c)),
  }
}
