// Entry point of the action (bundled to dist/index.js). The sub-actions' entries (dist/audit.js,
// dist/verify.js, written by scripts/build.mjs) set RELEASE_GATE_MODE on globalThis, in code, and
// import this same bundle.
import { run } from './main.js'
import type { Mode } from './main.js'

const asked = (globalThis as { RELEASE_GATE_MODE?: unknown }).RELEASE_GATE_MODE
const mode: Mode = asked === 'audit' || asked === 'verify' ? asked : 'full'
await run(mode)
