// The workflow definition schema (147 KB, draft-04) is compiled once per test file, which takes seconds on a busy
// machine: the shared jest.timeout.js sets a generous default timeout for that.
module.exports = require('../../jest.base.js')(__dirname);
