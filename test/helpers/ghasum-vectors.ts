/**
 * Vectors re-typed from ghasum's own test data (chains-project/ghasum at 20071fe,
 * testdata/init/success.txtar): the action folders `ghasum init` reads from its cache, and the
 * gha.sum it must write for them.
 */
/** testdata/init/success.txtar: `.cache/<owner>/<repo>/<ref>/…` -> the checksum in `.want/gha.sum`. */
export const GHASUM_VECTORS: Array<{ id: string; files: Record<string, string>; sum: string }> = [
  { id: 'actions/checkout@main', files: { 'action.yml': 'name: actions/checkout@main\n' }, sum: 'JHipZi1UCvybC3fwi9RFLTK8vpI/gURTga/ColyHI4k=' },
  {
    id: 'actions/composite@v1',
    files: { 'action.yml': 'name: actions/composite@v1\nruns:\n  steps:\n  - name: Also a direct dependency\n    uses: actions/setup-go@v5.0.0\n  - name: Unique transitive dependency\n    uses: actions/setup-node@v4.4.0\n' },
    sum: 'a3ht0IImDEBC7NqbohfejBtv7W5GdKiGJgc4OtYkjEs=',
  },
  { id: 'actions/github-script@v8.0.0', files: { 'action.yml': 'name: actions/github-script@v8.0.0\n' }, sum: 'dogzpuS7aUONFkCn/ICEFTALznP9/Gi8A3rCCqTXDVk=' },
  {
    id: 'actions/reusable@v2',
    files: {
      '.github/workflows/workflow.yml':
        'name: Example reusable workflow\non: [workflow_dispatch]\n\njobs:\n  example:\n    name: example\n    runs-on: ubuntu-24.04\n    steps:\n    - name: Unique transitive dependency\n      uses: actions/setup-java@v4.7.1\n',
    },
    sum: 'zCF1tlA0Wi4rFqhOZMt4LgdAyga7EaZrs9VrawN0A4I=',
  },
  { id: 'actions/setup-go@v5.0.0', files: { 'action.yml': 'name: actions/setup-go@v5.0.0\n' }, sum: 'NoW6+RttcHeApXsFxN2DfY/2Oc7t0g9mgq22uJ3rAbg=' },
  { id: 'actions/setup-java@v4.7.1', files: { 'action.yml': 'name: actions/setup-java@v4.7.1\n' }, sum: 'ZcPr3aVvmk2yL8zkjqDUpH+YLqGwjtenFrjEk3OEZ3k=' },
  { id: 'actions/setup-node@v4.4.0', files: { 'action.yml': 'name: actions/setup-node@v4.4.0\n' }, sum: 'Gdoys4h+gIN02lzrWZW0uxjBQ8Rk5YSE6+q1SOrw/+o=' },
  // sic: the test data's file says `…@3a91952s`
  { id: 'golangci/golangci-lint-action@3a91952', files: { 'action.yml': 'name: golangci/golangci-lint-action@3a91952s\n' }, sum: 'QSLF4HoACNFwCWf5OL/NVMGTNTxX+RHrO/NaFzE9zAk=' },
]

/** testdata/init/success.txtar `.want/gha.sum`, byte for byte. */
export const GHASUM_INIT_WANT = [
  'version 1',
  '',
  'actions/checkout@main JHipZi1UCvybC3fwi9RFLTK8vpI/gURTga/ColyHI4k=',
  'actions/composite@v1 a3ht0IImDEBC7NqbohfejBtv7W5GdKiGJgc4OtYkjEs=',
  'actions/github-script@v8.0.0 dogzpuS7aUONFkCn/ICEFTALznP9/Gi8A3rCCqTXDVk=',
  'actions/reusable@v2 zCF1tlA0Wi4rFqhOZMt4LgdAyga7EaZrs9VrawN0A4I=',
  'actions/setup-go@v5.0.0 NoW6+RttcHeApXsFxN2DfY/2Oc7t0g9mgq22uJ3rAbg=',
  'actions/setup-java@v4.7.1 ZcPr3aVvmk2yL8zkjqDUpH+YLqGwjtenFrjEk3OEZ3k=',
  'actions/setup-node@v4.4.0 Gdoys4h+gIN02lzrWZW0uxjBQ8Rk5YSE6+q1SOrw/+o=',
  'golangci/golangci-lint-action@3a91952 QSLF4HoACNFwCWf5OL/NVMGTNTxX+RHrO/NaFzE9zAk=',
  '',
].join('\n')
