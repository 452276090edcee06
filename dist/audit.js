// release-gate/audit: the same bundle as the root action, the workflow audit only.
globalThis.RELEASE_GATE_MODE = 'audit'
await import('./index.js')
