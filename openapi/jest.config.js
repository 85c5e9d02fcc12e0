// @apidevtools/json-schema-ref-parser (under swagger-parser) ships ES modules only; jest runs CommonJS, so that one
// package is transformed by SWC like our own code.
module.exports = require('../jest.base.js')(__dirname, {
  transformIgnorePatterns: ['/node_modules/(?!@apidevtools/json-schema-ref-parser/)'],
});
