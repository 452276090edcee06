// Entry point of the action (bundled to dist/index.js).
import { run } from './main.js'

await run()
