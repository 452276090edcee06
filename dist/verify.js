// release-gate/verify: the same bundle as the root action, attestations only.
globalThis.RELEASE_GATE_MODE = 'verify'
await import('./index.js')
