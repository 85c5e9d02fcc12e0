// The workflow definition schema (147 KB, draft-04) is compiled once per test file, which takes seconds on a busy
// machine: a generous per-test timeout keeps the first test of each file from flaking.
module.exports = require('../../jest.base.js')(__dirname, { testTimeout: 60000 });
