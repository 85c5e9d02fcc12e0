// The workflow definition schema (147 KB, draft-04) is compiled once per test file, which takes seconds on a busy
// machine: the root jest.config.js sets a generous global testTimeout for that.
module.exports = require('../../jest.base.js')(__dirname);
