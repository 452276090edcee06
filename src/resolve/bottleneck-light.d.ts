// bottleneck/light.js (what @octokit/plugin-retry and plugin-throttling import) is the same
// Bottleneck class as the package's main entry, without clustering; the package types only
// the main entry.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck'
  export default Bottleneck
}
