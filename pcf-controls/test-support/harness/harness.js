// Browser side of the PCF harness (served by harness-server.ts). It plays the host: registers the controls that the
// built bundles announce through ComponentFramework.registerControl, builds a mock context from a JSON scenario with
// the same factory the unit tests use (window.DxcMock), runs init → updateView and renders the element with ReactDOM.
(function () {
  'use strict';
  var registry = {};
  window.ComponentFramework = {
    registerControl: function (name, ctor) {
      registry[name] = ctor;
    },
  };

  var current = null;

  function toDate(value) {
    return value === null || value === undefined ? null : new Date(value);
  }

  /** Scenario property → the shape the platform passes (see mock-context.ts builders). */
  function buildProperty(spec, onDatasetChange) {
    var M = window.DxcMock;
    switch (spec.kind) {
      case 'optionSet':
        return M.optionSetProperty(spec.raw, spec.formatted);
      case 'text':
        return M.textProperty(spec.raw);
      case 'money':
        return M.moneyProperty(spec.raw, spec.formatted);
      case 'date':
        return M.dateTimeProperty(toDate(spec.raw));
      case 'lookup':
        return M.lookupProperty(spec.raw);
      case 'whole':
        return { raw: spec.raw, formatted: String(spec.raw), error: false, errorMessage: '' };
      case 'dataset': {
        var rows = spec.rows.map(function (row) {
          var copy = Object.assign({}, row);
          (spec.dateColumns || []).forEach(function (column) {
            copy[column] = toDate(copy[column]);
          });
          return copy;
        });
        return M.datasetProperty(rows, {
          columns: spec.columns,
          labels: spec.labels,
          pageSize: spec.pageSize,
          onChange: onDatasetChange,
        });
      }
      default:
        throw new Error('unknown property kind ' + spec.kind);
    }
  }

  /**
   * webAPI.retrieveMultipleRecords against the Dataverse Web API the harness server forwards to (the emulator):
   * logical name → entity set from the scenario, the options string as the control wrote it, maxPageSize as
   * Prefer: odata.maxpagesize (5,000 when absent, as documented), and a rejection with Dataverse's message.
   */
  function retrieveMultipleFromDataverse(entitySets) {
    return function (entityType, options, maxPageSize) {
      var set = entitySets[entityType];
      if (!set) return Promise.reject({ message: 'no entity set for ' + entityType + ' in this scenario' });
      return fetch('/api/data/v9.2/' + set + (options || ''), {
        headers: {
          Accept: 'application/json',
          Prefer: 'odata.maxpagesize=' + (maxPageSize || 5000) + ',odata.include-annotations="*"',
        },
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) {
            throw new Error((body.error && body.error.message) || 'HTTP ' + response.status);
          }
          return { entities: body.value, nextLink: body['@odata.nextLink'] };
        });
      });
    };
  }

  function webApiFrom(spec) {
    spec = spec || {};
    var retrieveAnswers = (spec.retrieveRecord || []).slice();
    return {
      retrieveMultipleRecords: spec.dataverse ? retrieveMultipleFromDataverse(spec.dataverse) : undefined,
      updateRecord: function () {
        if (spec.updateRecord && spec.updateRecord.reject) {
          return Promise.reject({ message: spec.updateRecord.reject });
        }
        return Promise.resolve();
      },
      retrieveRecord: function () {
        return Promise.resolve(
          retrieveAnswers.length > 1 ? retrieveAnswers.shift() : retrieveAnswers[0] || {},
        );
      },
    };
  }

  function update() {
    var element = current.control.updateView(current.mock.context);
    ReactDOM.render(element, current.host);
  }

  window.dxcHarness = {
    registered: function () {
      return Object.keys(registry).sort();
    },
    /**
     * Renders `Dxc.<name>` for a scenario: { strings, parameters: {name: spec}, width, disabled, entityId, webApi }.
     * Returns the milliseconds init + updateView + the synchronous React mount took.
     */
    render: function (name, scenario) {
      var Ctor = registry['Dxc.' + name];
      if (!Ctor) throw new Error('Dxc.' + name + ' was not registered by its bundle');
      var host = document.getElementById('host');
      if (current) {
        ReactDOM.unmountComponentAtNode(current.host);
        current = null;
      }
      host.style.width = scenario.width + 'px';
      var parameters = {};
      Object.keys(scenario.parameters).forEach(function (key) {
        parameters[key] = buildProperty(scenario.parameters[key], function () {
          update();
        });
      });
      var mock = window.DxcMock.createMockContext({
        parameters: parameters,
        strings: scenario.strings,
        allocatedWidth: scenario.width,
        isControlDisabled: !!scenario.disabled,
        entityId: scenario.entityId,
        entityTypeName: scenario.entityTypeName,
        webApi: webApiFrom(scenario.webApi),
        timeZoneOffsetMinutes: scenario.timeZoneOffsetMinutes || 0,
      });
      var started = performance.now();
      var control = new Ctor();
      current = { control: control, mock: mock, host: host };
      control.init(
        mock.context,
        function notifyOutputChanged() {
          return undefined;
        },
        {},
      );
      update();
      return performance.now() - started;
    },
    /** Everything the control asked of the platform so far. */
    calls: function () {
      return current ? JSON.parse(JSON.stringify(current.mock.calls)) : null;
    },
    /** Like the platform's updateView after a property change: merges new property specs and re-renders. */
    setParameters: function (specs) {
      Object.keys(specs).forEach(function (key) {
        current.mock.context.parameters[key] = buildProperty(specs[key], update);
      });
      update();
    },
    unmount: function () {
      if (current) ReactDOM.unmountComponentAtNode(current.host);
      current = null;
    },
  };
})();
