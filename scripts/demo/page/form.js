/* global window, document, location, ReactDOM -- a browser script (the demo page), not a Node module */
// The demo's invoice form (served by demo-page-server.ts). It plays the model-driven form host: reads the record from
// the Dataverse Web API (the emulator, same origin), hands each PCF control its bound columns as the platform would
// (values and formatted values), with a webAPI that really writes to Dataverse, and refreshes every second — as a
// user pressing Refresh would — so the loop (ready → Xero → paid → history) can be watched.
(function () {
  'use strict';
  var API = '/api/data/v9.2/';
  var FORMATTED = '@OData.Community.Display.V1.FormattedValue';
  var SETS = {
    invoice: 'invoices',
    account: 'accounts',
    contact: 'contacts',
    dxc_xeroconnection: 'dxc_xeroconnections',
    dxc_synchistory: 'dxc_synchistories',
  };
  var config;
  var invoiceId;
  var current = { invoice: null, account: null, connection: null, history: [], lines: [] };
  var hosted = {};
  var strings = {};

  function request(method, path, body) {
    return fetch(API + path, {
      method: method,
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json',
        Prefer: 'odata.include-annotations="*"',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      if (res.status === 204) return null;
      return res.json().then(function (json) {
        if (!res.ok) throw new Error((json && json.error && json.error.message) || 'HTTP ' + res.status);
        return json;
      });
    });
  }

  function notify(text, isError) {
    var notice = document.getElementById('notice');
    notice.hidden = false;
    notice.textContent = text;
    notice.className = isError ? 'notice error' : 'notice';
  }

  // ---- platform shapes ----------------------------------------------------------------------------------------

  function formatted(row, column) {
    var value = row[column + FORMATTED];
    if (value === undefined) value = row['_' + column + '_value' + FORMATTED];
    return value === undefined || value === null ? undefined : String(value);
  }

  /** A bound column as the platform passes it to a control property of this kind. */
  function property(kind, row, column) {
    var M = window.DxcMock;
    var raw = row ? row[column] : null;
    if (raw === undefined) raw = null;
    switch (kind) {
      case 'optionSet':
        return M.optionSetProperty(raw, row ? formatted(row, column) : undefined);
      case 'money':
        return M.moneyProperty(raw, row ? formatted(row, column) : undefined);
      case 'date':
        return M.dateTimeProperty(raw ? new Date(raw) : null);
      case 'lookup': {
        var id = row ? row['_' + column + '_value'] : null;
        return M.lookupProperty(
          id
            ? [
                {
                  id: id,
                  name: formatted(row, column) || '',
                  entityType: row['_' + column + '_value@Microsoft.Dynamics.CRM.lookuplogicalname'] || '',
                },
              ]
            : null,
        );
      }
      case 'whole':
        return { raw: raw, formatted: raw === null ? '' : String(raw), error: false, errorMessage: '' };
      default:
        return M.textProperty(raw === null ? null : String(raw));
    }
  }

  function inputProperty(spec) {
    return property(spec.kind, { value: spec.value }, 'value');
  }

  function historyDataset(rows) {
    var labels = { dxc_action: {}, dxc_status: {} };
    var data = rows.map(function (row) {
      ['dxc_action', 'dxc_status'].forEach(function (column) {
        if (row[column] !== null && row[column] !== undefined)
          labels[column][row[column]] = formatted(row, column);
      });
      return {
        id: row.dxc_synchistoryid,
        dxc_eventon: row.dxc_eventon ? new Date(row.dxc_eventon) : null,
        dxc_status: row.dxc_status,
        dxc_action: row.dxc_action,
        dxc_details: row.dxc_details,
        dxc_name: row.dxc_name,
      };
    });
    return window.DxcMock.datasetProperty(data, {
      columns: [
        { name: 'dxc_eventon', alias: 'eventOn', dataType: 'DateAndTime.DateAndTime' },
        { name: 'dxc_status', alias: 'status', dataType: 'OptionSet' },
        { name: 'dxc_action', alias: 'action', dataType: 'OptionSet' },
        { name: 'dxc_details', alias: 'details', dataType: 'Multiple' },
        { name: 'dxc_name', alias: 'entryName', dataType: 'SingleLine.Text' },
      ],
      labels: labels,
      pageSize: 25,
    });
  }

  /** The Web API a control gets: real reads and writes against Dataverse, as Xrm.WebApi does. */
  function webApi() {
    return {
      updateRecord: function (entityType, id, data) {
        return request('PATCH', SETS[entityType] + '(' + id + ')', data).then(function () {
          return refresh();
        });
      },
      retrieveRecord: function (entityType, id, options) {
        return request('GET', SETS[entityType] + '(' + id + ')' + (options || ''));
      },
    };
  }

  // ---- hosting the controls -----------------------------------------------------------------------------------

  function recordFor(binding) {
    if (binding.table === 'invoice') return current.invoice;
    if (binding.table === 'account') return current.account;
    if (binding.table === 'dxc_xeroconnection') return current.connection;
    return null;
  }

  function parametersFor(binding) {
    var row = recordFor(binding);
    var parameters = {};
    Object.keys(binding.bound).forEach(function (name) {
      var spec = binding.bound[name];
      parameters[name] = property(spec.kind, row, spec.column);
    });
    Object.keys(binding.inputs).forEach(function (name) {
      parameters[name] = inputProperty(binding.inputs[name]);
    });
    if (binding.name === 'SyncHistoryTimeline') parameters.history = historyDataset(current.history);
    return parameters;
  }

  function host(binding) {
    var element = document.getElementById('host-' + binding.name);
    var row = recordFor(binding);
    var Ctor = window.dxcRegistry['Dxc.' + binding.name];
    if (!Ctor) throw new Error('Dxc.' + binding.name + ' was not registered by its bundle');
    var entry = hosted[binding.name];
    if (!entry) {
      var idColumn = binding.table === 'dxc_xeroconnection' ? 'dxc_xeroconnectionid' : binding.table + 'id';
      var mock = window.DxcMock.createMockContext({
        parameters: parametersFor(binding),
        strings: strings[binding.name],
        allocatedWidth: element.clientWidth || 600,
        entityId: row ? row[idColumn] : undefined,
        entityTypeName: binding.table,
        webApi: webApi(),
      });
      mock.context.navigation.openUrl = function (url) {
        window.open(url, '_blank', 'noopener');
      };
      entry = { control: new Ctor(), mock: mock, element: element };
      entry.control.init(mock.context, function () {}, {});
      hosted[binding.name] = entry;
    } else {
      entry.mock.context.parameters = parametersFor(binding);
    }
    ReactDOM.render(entry.control.updateView(entry.mock.context), element);
  }

  // ---- the form -----------------------------------------------------------------------------------------------

  function field(list, label, value) {
    var dt = document.createElement('dt');
    dt.textContent = label;
    var dd = document.createElement('dd');
    dd.textContent = value === undefined || value === null || value === '' ? '–' : String(value);
    list.appendChild(dt);
    list.appendChild(dd);
  }

  function isReady(invoice) {
    return Boolean(invoice._dxc_connectionid_value && invoice.datedelivered);
  }

  function renderForm() {
    var inv = current.invoice;
    document.getElementById('invoice-title').textContent = inv.invoicenumber + ' · ' + inv.name;
    document.getElementById('header-total').textContent = formatted(inv, 'totalamount') || '–';
    document.getElementById('header-customer').textContent = formatted(inv, 'customerid') || '–';
    document.getElementById('header-status').textContent = formatted(inv, 'statecode') || '–';
    document.getElementById('header-ready').textContent = isReady(inv) ? 'Yes' : 'No';
    var fields = document.getElementById('invoice-fields');
    fields.textContent = '';
    field(fields, 'Invoice ID', inv.invoicenumber);
    field(fields, 'Name', inv.name);
    field(fields, 'Customer', formatted(inv, 'customerid'));
    field(fields, 'Price List', formatted(inv, 'pricelevelid'));
    field(fields, 'Currency', formatted(inv, 'transactioncurrencyid'));
    field(fields, 'Date Delivered', inv.datedelivered ? inv.datedelivered.slice(0, 10) : null);
    field(fields, 'Due Date', inv.duedate);
    field(fields, 'Xero connection', formatted(inv, 'dxc_connectionid'));
    field(fields, 'Status reason', formatted(inv, 'statuscode'));
    var body = document.getElementById('invoice-lines');
    body.textContent = '';
    current.lines.forEach(function (line) {
      var tr = document.createElement('tr');
      [
        line.sequencenumber,
        line.isproductoverridden ? line.productdescription : formatted(line, 'productid'),
        line.quantity,
        formatted(line, 'priceperunit') || line.priceperunit,
        formatted(line, 'tax') || '',
        formatted(line, 'extendedamount') || '',
      ].forEach(function (value, index) {
        var td = document.createElement('td');
        td.textContent = value === undefined || value === null ? '' : String(value);
        if (index >= 2) td.className = 'num';
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    var xeroStatus = config.choices.xeroStatus;
    var active = inv.statecode === 0;
    document.getElementById('mark-ready').disabled = !active || isReady(inv);
    document.getElementById('record-payment').disabled =
      !active || !inv.dxc_xeroinvoiceid || inv.dxc_xerostatus !== xeroStatus.Authorised;
    document.getElementById('cancel-invoice').disabled = !active;
    document.getElementById('customer-title').textContent =
      'Customer: ' + (formatted(inv, 'customerid') || '–');
  }

  function renderInvoiceList(invoices) {
    var list = document.getElementById('invoice-list');
    list.textContent = '';
    invoices.forEach(function (inv) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '?invoice=' + inv.invoiceid;
      a.textContent = inv.invoicenumber;
      if (inv.invoiceid === invoiceId) a.setAttribute('aria-current', 'page');
      var small = document.createElement('small');
      var xero = formatted(inv, 'dxc_xerostatus');
      small.textContent =
        inv.name + ' · ' + (formatted(inv, 'statecode') || '') + (xero ? ' · Xero: ' + xero : '');
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    });
  }

  function renderRuns(runs) {
    var list = document.getElementById('flow-runs');
    list.textContent = '';
    runs.forEach(function (run) {
      var li = document.createElement('li');
      li.className = run.status;
      li.textContent =
        run.startedAt.slice(11, 19) +
        ' ' +
        run.flow.replace(/-[0-9A-F-]{36}$/i, '') +
        ': ' +
        run.status +
        ' (' +
        run.reason +
        ')';
      if (run.failures.length) li.title = run.failures.join('\n');
      list.appendChild(li);
    });
  }

  var refreshing = null;
  function refresh() {
    if (refreshing) return refreshing;
    refreshing = Promise.all([
      request('GET', 'invoices(' + invoiceId + ')'),
      request(
        'GET',
        'invoicedetails?$filter=_invoiceid_value eq ' + invoiceId + '&$orderby=sequencenumber asc',
      ),
      request(
        'GET',
        'dxc_synchistories?$filter=_dxc_invoiceid_value eq ' +
          invoiceId +
          '&$orderby=dxc_eventon desc,createdon desc',
      ),
      request('GET', 'dxc_xeroconnections(' + config.ids.connection + ')'),
      request(
        'GET',
        'invoices?$select=invoiceid,invoicenumber,name,statecode,dxc_xerostatus&$orderby=invoicenumber asc',
      ),
      fetch('/demo/runs').then(function (r) {
        return r.json();
      }),
    ])
      .then(function (answers) {
        current.invoice = answers[0];
        current.lines = answers[1].value;
        current.history = answers[2].value;
        current.connection = answers[3];
        var customerId = current.invoice._customerid_value;
        return request('GET', 'accounts(' + customerId + ')').then(function (account) {
          current.account = account;
          renderForm();
          renderInvoiceList(answers[4].value);
          renderRuns(answers[5]);
          config.bindings.forEach(host);
          document.body.setAttribute('data-loaded', 'true');
        });
      })
      .catch(function (error) {
        notify('Could not read the invoice: ' + error.message, true);
      })
      .then(function () {
        refreshing = null;
      });
    return refreshing;
  }

  // ---- commands ----------------------------------------------------------------------------------------------

  function command(id, run) {
    document.getElementById(id).addEventListener('click', function () {
      run()
        .then(function (message) {
          if (message) notify(message, false);
          return refresh();
        })
        .catch(function (error) {
          notify(error.message, true);
        });
    });
  }

  function todayAtMidnightUtc() {
    var now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
  }

  command('mark-ready', function () {
    // DESIGN B1: a connection, delivered today or earlier, active, export status No.
    return request('PATCH', 'invoices(' + invoiceId + ')', {
      'dxc_ConnectionId@odata.bind': '/dxc_xeroconnections(' + config.ids.connection + ')',
      datedelivered: current.invoice.datedelivered || todayAtMidnightUtc(),
      dxc_exportstatus: config.choices.exportStatus.No,
    }).then(function () {
      return 'Marked ready: the Sync invoices flow sends it to Xero now.';
    });
  });

  command('record-payment', function () {
    return fetch('/demo/xero/payments', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ xeroInvoiceId: current.invoice.dxc_xeroinvoiceid }),
    }).then(function (res) {
      return res.json().then(function (json) {
        if (!res.ok) throw new Error('Xero refused the payment: ' + (json.error || res.status));
        return (
          'Payment of ' +
          json.payment.amount.toFixed(2) +
          ' recorded in Xero; Xero tells the proxy by webhook.'
        );
      });
    });
  });

  command('cancel-invoice', function () {
    return request('PATCH', 'invoices(' + invoiceId + ')', { statecode: 3, statuscode: 100003 }).then(
      function () {
        return 'Invoice cancelled in Dynamics: the Cancel flow asks Xero to reverse it.';
      },
    );
  });

  command('refresh-balances', function () {
    return request('PATCH', 'dxc_xeroconnections(' + config.ids.connection + ')', {
      dxc_refreshbalances: true,
    }).then(function () {
      return 'Balance refresh requested: the Customer balances flow reads them from Xero now.';
    });
  });

  command('refresh', function () {
    return Promise.resolve(undefined);
  });

  Array.prototype.forEach.call(document.querySelectorAll('[role=tab]'), function (tab) {
    tab.addEventListener('click', function () {
      Array.prototype.forEach.call(document.querySelectorAll('[role=tab]'), function (other) {
        other.setAttribute('aria-selected', String(other === tab));
      });
      Array.prototype.forEach.call(document.querySelectorAll('[data-panel]'), function (panel) {
        panel.hidden = panel.getAttribute('data-panel') !== tab.getAttribute('data-tab');
      });
      config.bindings.forEach(host);
    });
  });

  fetch('/demo/config.json')
    .then(function (r) {
      return r.json();
    })
    .then(function (loaded) {
      config = loaded;
      invoiceId = new URLSearchParams(location.search).get('invoice') || config.ids.invoices.notReady;
      return Promise.all(
        config.bindings.map(function (binding) {
          return fetch('/strings/' + binding.name + '.json')
            .then(function (r) {
              return r.json();
            })
            .then(function (s) {
              strings[binding.name] = s;
            });
        }),
      );
    })
    .then(function () {
      return refresh();
    })
    .then(function () {
      setInterval(refresh, 1000);
    });
})();
