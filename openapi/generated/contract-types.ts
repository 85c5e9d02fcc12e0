// GENERATED from openapi/dxc-xero.swagger.yaml by openapi/src/generate.ts (openapi-typescript). Do not edit: change the YAML and run `npm run generate -w openapi`.
export interface paths {
    "/v1/connection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the Xero organisation of this connection
         * @description Returns the Xero organisation this connection's key belongs to, whether the proxy can still reach it, and how much of today's Xero call allowance is left. Power Platform uses it to test a new connection.
         */
        get: operations["GetConnection"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/organisations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the Xero organisations of this connection
         * @description Returns the Xero organisations this connection's API key was granted, with their names and tenant ids. The flow designer calls it to offer the Organisation of every other operation by name.
         */
        get: operations["ListOrganisations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tax-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tax rates
         * @description Returns the tax rates of the Xero organisation, active and archived, for the reference import into Dataverse and for picking a tax type on an invoice line.
         */
        get: operations["ListTaxRates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List accounts
         * @description Returns the chart of accounts of the Xero organisation, optionally only one class or type (for example revenue accounts for sales lines), for the reference import and for picking an account code.
         */
        get: operations["ListAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/branding-themes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List branding themes
         * @description Returns the invoice branding themes of the Xero organisation, the default one first, for the reference import and for picking the theme of an invoice.
         */
        get: operations["ListBrandingThemes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tracking-categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tracking categories
         * @description Returns the tracking categories of the Xero organisation with their options, archived ones included and marked so, for the reference import; invoice lines carry up to two of the options.
         */
        get: operations["ListTrackingCategories"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create or update invoices in Xero
         * @description Sends up to 50 Dynamics 365 invoices with their customer and lines. Each one is created in Xero, updated, or left alone when nothing changed since the last sync; the answer has one result per invoice with the Xero number, status, link, totals and the tax Xero computed for every line. One failed invoice does not fail the others.
         */
        post: operations["SyncInvoices"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an invoice in Xero
         * @description Undoes an invoice in Xero after it was cancelled or deleted in Dynamics 365. Draft and submitted invoices are deleted; an approved unpaid invoice gets a credit note, is voided or is left alone as the policy says; a paid invoice is left alone; a part-paid invoice gets an unallocated credit note for you to allocate by hand.
         */
        post: operations["CancelInvoice"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/invoices/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get invoice statuses and payments
         * @description Returns the Xero status, amounts due, paid and credited, and the fully paid date of invoices, either the ones you name by Xero invoice id or every invoice changed since a point in time, a page at a time.
         */
        post: operations["GetInvoiceStatuses"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/contacts/balances": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get customer balances
         * @description Returns how much each named Xero contact owes and how much of it is overdue, for the balance card on Dynamics 365 accounts and contacts.
         */
        post: operations["GetContactBalances"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * When an invoice changes in Xero
         * @description Starts the flow a few seconds after an invoice of this Xero organisation is created, edited, approved, paid, voided or deleted in Xero, with its new status and amounts.
         */
        post: operations["WhenAnInvoiceChanges"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/batched": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * When a batch of invoices changes in Xero
         * @description Starts the flow once for a batch of invoice changes in Xero (edits, approvals, payments, voids, deletions), naming the invoices; changes the proxy made itself from Dynamics 365 are left out. Use it to catch up in bulk.
         */
        post: operations["WhenInvoicesChange"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/batched/{subscriptionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a batched invoice change subscription
         * @description Stops sending batches of invoice changes to a flow. Power Automate calls it through the Location address it was given when the flow was removed or its trigger changed; makers never call it themselves.
         */
        delete: operations["DeleteBatchedSubscription"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/subscriptions/{subscriptionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an invoice change subscription
         * @description Stops sending invoice changes to a flow. Power Automate calls it through the Location address it was given when the flow was removed or its trigger changed; makers never call it themselves.
         */
        delete: operations["DeleteSubscription"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description The Xero organisations the connection's API key may use. */
        ListOrganisationsResponse: {
            /** @description One entry per granted organisation, the one the key was issued for first. */
            organisations: components["schemas"]["Organisation"][];
        };
        /** @description A Xero organisation the key may use, by name and tenant id. */
        Organisation: {
            /** @description Xero's identifier of the organisation; the value of the Organisation parameter. */
            tenantId: string;
            /** @description Name of the Xero organisation as shown in Xero. */
            name: string;
            /** @description ISO 4217 code of the organisation's base currency, when known. */
            baseCurrency?: string;
            /**
             * @description Connected while Xero accepts the stored authorisation; ReconnectNeeded when an admin must reconnect.
             * @enum {string}
             */
            health: "Connected" | "ReconnectNeeded";
        };
        /** @description An error answer with a stable code, a message a Dynamics 365 user understands, and the detail. */
        Error: {
            /** @description Stable machine-readable code, for example validation_failed, reconnect_needed or rate_limited. */
            code: string;
            /** @description What went wrong and what to do about it, in plain words. */
            message: string;
            /** @description One entry per field that was wrong, when the error is about the request's content. */
            details?: components["schemas"]["ErrorDetail"][];
            /** @description Identifier of this request in the proxy's log, to quote when asking for help. */
            requestId?: string;
        };
        /** @description One field that was wrong and why. */
        ErrorDetail: {
            /** @description Path of the field in the request, for example invoices[3].lines[0].accountCode. */
            field: string;
            /** @description Why the field was refused, for example "must be at most 10 characters". */
            reason: string;
        };
        /** @description The Xero organisation behind the API key, and the health of its authorisation. */
        Connection: {
            /** @description Name of the Xero organisation as shown in Xero. */
            organisationName: string;
            /**
             * Format: uuid
             * @description Xero's identifier of the organisation (the xero-tenant-id of its API calls).
             */
            tenantId: string;
            /** @description Xero's short code of the organisation (for example !mBdtL), used in deep links into Xero. */
            shortCode?: string;
            /** @description ISO 4217 code of the organisation's base currency. */
            baseCurrency?: string;
            /** @description ISO 3166 two-letter code of the organisation's country. */
            countryCode?: string;
            /** @description Xero's name of the organisation's time zone (for example NEWZEALANDSTANDARDTIME); decides which invoices are due today. */
            timezone?: string;
            /** @description The organisation's time zone as Windows names it (for example New Zealand Standard Time), the form Power Automate's convertFromUtc takes: a flow tells today's date in the organisation with convertFromUtc(utcNow(), this, 'yyyy-MM-dd'). Absent when Xero's name is unknown. */
            windowsTimeZone?: string;
            /** @description Xero's kind of organisation, for example COMPANY, SOLE_TRADER or CHARITY. */
            organisationType?: string;
            /**
             * @description Connected when Xero accepts the stored authorisation; ReconnectNeeded when it lapsed and an admin must reconnect on the admin page; Degraded when Xero is slow, limiting calls or unavailable.
             * @enum {string}
             */
            health: "Connected" | "ReconnectNeeded" | "Degraded";
            /** @description The health in plain words, with what to do when it is not Connected. */
            healthMessage?: string;
            /**
             * Format: date-time
             * @description When the current Xero access token expires; the proxy renews it before then on its own.
             */
            tokenExpiresAt?: string;
            /** @description Xero calls made for this organisation since Xero's daily limit was last reset. */
            apiCallsToday?: number;
            /** @description Xero's daily call allowance for one organisation (1,000 on Xero's Starter tier, 5,000 above). */
            dailyCallLimit?: number;
            /**
             * Format: uri
             * @description Address of the proxy's admin page, where an admin reconnects Xero or issues a new key.
             */
            adminUrl: string;
        };
        /** @description The organisation's tax rates. */
        ListTaxRatesResponse: {
            /** @description Every tax rate of the organisation, including archived ones so old invoices still resolve. */
            taxRates: components["schemas"]["TaxRate"][];
        };
        /** @description One Xero tax rate. */
        TaxRate: {
            /** @description Name of the tax rate as shown in Xero, for example "GST on Income". */
            name: string;
            /** @description Xero's code of the tax rate, put on invoice lines (for example OUTPUT, INPUT2, NONE, or TAX001 for rates the organisation added). */
            taxType: string;
            /** @description The rate in percent, with compound components applied. */
            effectiveRate?: number;
            /**
             * @description Whether the rate can be used on new invoices (ACTIVE) or only appears on old ones.
             * @enum {string}
             */
            status: "ACTIVE" | "DELETED" | "ARCHIVED" | "PENDING";
            /** @description True when Xero accepts the rate on revenue accounts, that is on sales invoice lines. */
            canApplyToRevenue?: boolean;
            /** @description True when Xero accepts the rate on expense accounts, that is on bill lines. */
            canApplyToExpenses?: boolean;
        };
        /** @description The organisation's accounts, filtered as asked. */
        ListAccountsResponse: {
            /** @description The accounts of the chart of accounts that match the filter. */
            accounts: components["schemas"]["Account"][];
        };
        /** @description One account of the Xero chart of accounts. */
        Account: {
            /**
             * Format: uuid
             * @description Xero's identifier of the account.
             */
            accountId: string;
            /** @description The code put on invoice lines (at most 10 characters); some system accounts have none. */
            code?: string;
            /** @description Name of the account as shown in Xero. */
            name: string;
            /** @description Xero's account type, for example SALES, REVENUE, OVERHEADS or BANK. */
            type: string;
            /**
             * @description The class the type belongs to; sales lines use REVENUE accounts and bill lines EXPENSE ones.
             * @enum {string}
             */
            class?: "ASSET" | "EQUITY" | "EXPENSE" | "LIABILITY" | "REVENUE";
            /** @description The tax type Xero suggests for lines on this account. */
            taxType?: string;
            /**
             * @description Only ACTIVE accounts can be used on new invoices.
             * @enum {string}
             */
            status: "ACTIVE" | "ARCHIVED" | "DELETED";
            /** @description What the account is for, as written in Xero. */
            description?: string;
        };
        /** @description The organisation's invoice branding themes. */
        ListBrandingThemesResponse: {
            /** @description Every branding theme, in Xero's sort order (the default theme has sort order 0). */
            brandingThemes: components["schemas"]["BrandingTheme"][];
        };
        /** @description One Xero branding theme, the layout and logo of an invoice. */
        BrandingTheme: {
            /**
             * Format: uuid
             * @description Xero's identifier of the theme, set on an invoice to choose its layout.
             */
            brandingThemeId: string;
            /** @description Name of the theme as shown in Xero. */
            name: string;
            /** @description Position in Xero's list of themes; 0 is the organisation's default theme. */
            sortOrder?: number;
            /**
             * Format: date-time
             * @description When the theme was created in Xero (UTC).
             */
            createdAt?: string;
        };
        /** @description The organisation's tracking categories, each with its options. */
        ListTrackingCategoriesResponse: {
            /** @description Every active and archived tracking category (Xero allows two active ones), by name. */
            trackingCategories: components["schemas"]["TrackingCategory"][];
        };
        /** @description One Xero tracking category, such as Region, and the options a line can take in it. */
        TrackingCategory: {
            /**
             * Format: uuid
             * @description Xero's identifier of the category.
             */
            trackingCategoryId: string;
            /** @description Name of the category as shown in Xero. */
            name: string;
            /**
             * @description ARCHIVED categories can no longer be put on lines; lines that carry them keep them.
             * @enum {string}
             */
            status: "ACTIVE" | "ARCHIVED";
            /** @description The category's options, active and archived, by name. */
            options: components["schemas"]["TrackingOption"][];
        };
        /** @description One option of a tracking category, such as North of Region. */
        TrackingOption: {
            /**
             * Format: uuid
             * @description Xero's identifier of the option, sent on invoice lines.
             */
            trackingOptionId: string;
            /** @description Name of the option as shown in Xero. */
            name: string;
            /**
             * @description ARCHIVED options can no longer be put on lines (Xero refuses the invoice).
             * @enum {string}
             */
            status: "ACTIVE" | "ARCHIVED";
        };
        /** @description Up to 50 Dynamics 365 invoices, either as rows listed from Dataverse (rows: the settings of each row's Xero connection apply, and the answer carries the write-back for Dataverse) or already shaped (invoices with settings). Give exactly one of rows and invoices (the proxy answers 400 naming both otherwise). */
        SyncInvoicesRequest: {
            /** @description Invoice rows exactly as a Dataverse List rows action returns them, with invoice_details, the customer, the currency, the branding theme and the Xero connection (with its settings) expanded. */
            rows?: components["schemas"]["DataverseInvoiceRow"][];
            /**
             * Format: date-time
             * @description The flow's current time (utcNow()). The write-back's times (export date, history, resync marker) are stamped with it, so they follow the same clock as Dataverse; the proxy's clock when left out.
             */
            now?: string;
            settings?: components["schemas"]["SyncSettings"];
            /** @description The invoices to send, at most 50, already shaped; used with settings instead of rows. */
            invoices?: components["schemas"]["DataverseInvoice"][];
        };
        /** @description The settings of the Xero connection record in Dataverse (DESIGN B4), applied to every invoice. */
        SyncSettings: {
            /**
             * @description When true Xero numbers new sales invoices from its own sequence; when false the Dynamics 365 invoice number is sent as the Xero invoice number.
             * @default false
             */
            useXeroInvoiceNumbering?: boolean;
            /**
             * @description The status new invoices get in Xero; AUTHORISED posts them to the ledger straight away.
             * @default DRAFT
             * @enum {string}
             */
            defaultStatus?: "DRAFT" | "SUBMITTED" | "AUTHORISED";
            /** @description Xero account code for sales invoice lines that name no account of their own. */
            defaultSalesAccountCode?: string;
            /** @description Xero account code for purchase bill lines that name no account of their own. */
            defaultPurchaseAccountCode?: string;
            /**
             * @description When true a customer not found in Xero (by stored contact id, then by contact number) is created; when false such an invoice fails with a message saying so.
             * @default false
             */
            createContacts?: boolean;
            /**
             * @description When true a product not found in Xero by its code is created as a Xero item; when false the line is sent without an item code.
             * @default false
             */
            createProducts?: boolean;
            /**
             * @description Whether an approved sales invoice gets Xero's online invoice link (one Xero call, once in the invoice's life). Auto fetches it while Xero reports at least 1,000 calls left today for the organisation, and otherwise leaves it for the invoice's next sync.
             * @default auto
             * @enum {string}
             */
            onlineInvoiceLink?: "auto" | "on" | "off";
            /**
             * @description When true a sales invoice that this sync makes AUTHORISED is emailed once by Xero to the contact's email address (one Xero call per invoice, never repeated by a retry or a re-sync).
             * @default false
             */
            emailWhenAuthorised?: boolean;
        };
        /** @description A Dynamics 365 invoice with its customer and lines, in Dataverse terms. */
        DataverseInvoice: {
            /**
             * Format: uuid
             * @description The invoice's invoiceid in Dataverse; the proxy's ledger keys the Xero invoice on it.
             */
            invoiceId: string;
            /**
             * Format: uuid
             * @description The Xero invoice id stored on the invoice by an earlier sync, if any.
             */
            xeroInvoiceId?: string;
            /** @description The Dynamics 365 invoice number (invoicenumber), sent to Xero unless Xero numbering is on. */
            invoiceNumber?: string;
            /** @description The invoice's name in Dynamics 365, used in messages and history. */
            name?: string;
            /**
             * @description ACCREC for a sales invoice (money owed to you), ACCPAY for a purchase bill (money you owe), ACCRECCREDIT and ACCPAYCREDIT for a sales or purchase credit note (sent to Xero's CreditNotes).
             * @default ACCREC
             * @enum {string}
             */
            invoiceType: "ACCREC" | "ACCPAY" | "ACCRECCREDIT" | "ACCPAYCREDIT";
            /**
             * Format: uuid
             * @description For a credit note: the Dataverse invoiceid of the invoice it credits. Once the note is approved in Xero the proxy allocates it to that invoice (up to the invoice's amount due), when Xero allows it.
             */
            creditedInvoiceId?: string;
            /**
             * Format: date
             * @description Date of the invoice; Xero uses today in the organisation's time zone when it is left out.
             */
            date?: string;
            /**
             * Format: date
             * @description Date the invoice is due for payment.
             */
            dueDate?: string;
            /** @description ISO 4217 code of the invoice's currency, for example NZD; the organisation must have it enabled. */
            currencyCode?: string;
            /**
             * @description Whether line prices exclude tax, include tax or carry none; Xero's default is Exclusive.
             * @default Exclusive
             * @enum {string}
             */
            lineAmountTypes?: "Exclusive" | "Inclusive" | "NoTax";
            /**
             * Format: uuid
             * @description Xero branding theme of the invoice; the organisation's default theme when left out.
             */
            brandingThemeId?: string;
            /** @description Extra reference printed on a sales invoice, for example the customer's order number. */
            reference?: string;
            customer: components["schemas"]["InvoiceCustomer"];
            /** @description The invoice's lines (invoice products) in line number order, at most 200. */
            lines: components["schemas"]["InvoiceLine"][];
        };
        /** @description One invoice row as Dataverse lists it (Web API JSON with annotations); the proxy reads the columns the sync needs and ignores the rest. */
        DataverseInvoiceRow: {
            /**
             * Format: uuid
             * @description The invoice's invoiceid in Dataverse; the proxy's ledger keys the Xero invoice on it.
             */
            invoiceid: string;
        } & {
            [key: string]: unknown;
        };
        /** @description One row as Dataverse lists it (Web API JSON); which table it comes from is said by the property that holds it. */
        DataverseRow: {
            /** @description The row's version tag as Dataverse returns it; the proxy does not need it. */
            "@odata.etag"?: string;
        } & {
            [key: string]: unknown;
        };
        /** @description One Dataverse bulk message for the flow to send as it is (POST to the entity set's Microsoft.Dynamics.CRM message with the targets as Targets); only rows and columns that change are in it. */
        DataverseBulkWrite: {
            /** @description The table's entity set name, for example invoices or dxc_synchistories. */
            entitySet: string;
            /**
             * @description UpdateMultiple changes existing rows (a missing row fails the whole message), UpsertMultiple creates or updates each row by its key, CreateMultiple creates.
             * @enum {string}
             */
            message: "UpdateMultiple" | "UpsertMultiple" | "CreateMultiple";
            /** @description The column that names each target's row (the primary id column, or the alternate key column of the target's @odata.id), for writing the rows one at a time when the bulk message fails. */
            key: string;
            /** @description The rows to write, each with its @odata.type and only the columns to set. */
            targets: components["schemas"]["DataverseRow"][];
        };
        /** @description The invoice's customer, a Dynamics 365 account or contact, with what Xero's Contact needs to find or create it. */
        InvoiceCustomer: {
            /**
             * @description Whether the customer is a Dataverse account (a company) or a contact (a person).
             * @enum {string}
             */
            kind: "account" | "contact";
            /**
             * Format: uuid
             * @description The account's or contact's id in Dataverse; sent as the Xero ContactNumber, which is how the customer is found again when no Xero contact id is stored.
             */
            id: string;
            /** @description Name of the account, or full name of the contact; Xero requires names to be unique. */
            name: string;
            /**
             * Format: uuid
             * @description The Xero contact id stored on the account or contact by an earlier sync, if any.
             */
            xeroContactId?: string;
            /** @description The customer's account number in Dynamics 365, kept as the Xero contact's account number. */
            accountNumber?: string;
            /** @description Main email address of the customer (emailaddress1), where Xero sends invoices. */
            email?: string;
            /** @description Main phone number of the customer (telephone1). */
            phone?: string;
            /** @description First name, for a contact customer. */
            firstName?: string;
            /** @description Last name, for a contact customer. */
            lastName?: string;
            billingAddress?: components["schemas"]["PostalAddress"];
        };
        /** @description The customer's billing address (address1_* columns), sent as the Xero contact's postal address. */
        PostalAddress: {
            /** @description First line of the street address. */
            line1?: string;
            /** @description Second line of the street address. */
            line2?: string;
            /** @description Third line of the street address. */
            line3?: string;
            /** @description Town or city. */
            city?: string;
            /** @description State, province or region. */
            region?: string;
            /** @description Postcode or ZIP code. */
            postalCode?: string;
            /** @description Country name as written in Dynamics 365. */
            country?: string;
        };
        /** @description One invoice product (invoicedetail). An existing product becomes a Xero item line, a write-in product a description line, and a write-in with zero quantity and zero price a note line. */
        InvoiceLine: {
            /**
             * Format: uuid
             * @description The line's invoicedetailid in Dataverse; the tax Xero computes is returned against it.
             */
            lineId: string;
            /** @description Position of the line on the invoice (sequencenumber or lineitemnumber); lines are sent in this order. */
            lineNumber?: number;
            /** @description The product's number in Dynamics 365, which is its Xero item code; empty for write-in products. */
            productNumber?: string;
            /** @description Name of the existing product; a new Xero item gets its first 50 characters as its name. */
            productName?: string;
            /**
             * @description True for a write-in product (isproductoverridden), which has no product record in Dynamics 365.
             * @default false
             */
            isWriteIn?: boolean;
            /** @description The text of a write-in product (productdescription), used as the Xero line description. */
            writeInDescription?: string;
            /** @description Extra text of the line; with the product name or write-in text it makes the Xero description. */
            description?: string;
            /** @description How many units; zero with a zero price makes a write-in line a note line. */
            quantity?: number;
            /** @description Price of one unit (priceperunit) in the invoice's currency; Xero keeps up to 4 decimal places. */
            unitPrice?: number;
            /** @description Discount on the whole line in the invoice's currency (manualdiscountamount); Xero accepts line discounts on sales invoices only. */
            manualDiscountAmount?: number;
            /** @description Discount on the line in percent, used instead of the discount amount when it is given. */
            discountRate?: number;
            /** @description Xero account code of the line; the default sales or purchase account is used when left out. */
            accountCode?: string;
            /** @description Xero tax type of the line, for example OUTPUT; the account's default tax type when left out. */
            taxType?: string;
            /** @description Up to two tracking options of the line, one per tracking category, sent as Xero line tracking. */
            tracking?: components["schemas"]["LineTracking"][];
        };
        /** @description One tracking option of an invoice line, with its category. */
        LineTracking: {
            /**
             * Format: uuid
             * @description Xero's identifier of the option's tracking category.
             */
            trackingCategoryId: string;
            /**
             * Format: uuid
             * @description Xero's identifier of the tracking option.
             */
            trackingOptionId: string;
            /** @description Name of the category, for messages; Xero goes by the ids. */
            categoryName?: string;
            /** @description Name of the option, for messages; Xero goes by the ids. */
            optionName?: string;
        };
        /** @description One result per invoice sent, in the order sent, and the counts per outcome. */
        SyncInvoicesResponse: {
            summary: components["schemas"]["BatchSummary"];
            /** @description One result per invoice sent, in the order the invoices were sent. */
            results: components["schemas"]["InvoiceSyncResult"][];
            /** @description Present when rows were sent: the bulk messages that write the results into Dataverse (invoice columns, line tax, customers' Xero contact ids, one history row per invoice created, updated or failed), in order. */
            writeBack?: components["schemas"]["DataverseBulkWrite"][];
        };
        /** @description How many invoices of the batch ended in each outcome. */
        BatchSummary: {
            /** @description Number of invoices in the batch. */
            total: number;
            /** @description Invoices created in Xero by this call. */
            created: number;
            /** @description Invoices that already existed in Xero and were changed. */
            updated: number;
            /** @description Invoices that had not changed since their last sync, so Xero was not called for them. */
            unchanged: number;
            /** @description Invoices that could not be sent; their results say why. */
            failed: number;
        };
        /** @description What happened to one invoice, and what Xero now holds for it. */
        InvoiceSyncResult: {
            /**
             * Format: uuid
             * @description The invoiceid of the Dynamics 365 invoice this result is for.
             */
            invoiceId: string;
            /**
             * @description Created or updated when Xero accepted the invoice, unchanged when nothing had changed since the last sync, failed when it could not be sent (see message and errors).
             * @enum {string}
             */
            outcome: "created" | "updated" | "unchanged" | "failed";
            /**
             * Format: uuid
             * @description Xero's identifier of the invoice; absent when the invoice failed before reaching Xero.
             */
            xeroInvoiceId?: string;
            /** @description The invoice number in Xero, Xero's own when Xero numbering is on. */
            invoiceNumber?: string;
            /**
             * @description The invoice's status in Xero after the sync.
             * @enum {string}
             */
            status?: "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
            /**
             * Format: uri
             * @description Deep link that opens the invoice in Xero (after signing in to the right organisation).
             */
            url?: string;
            /** @description Total of the lines without tax, as computed by Xero. */
            subTotal?: number;
            /** @description Tax on the whole invoice, as computed by Xero. */
            totalTax?: number;
            /** @description Total of the invoice with tax, as computed by Xero. */
            total?: number;
            /** @description What is still owed on the invoice in Xero. */
            amountDue?: number;
            /** @description What has been paid on the invoice in Xero. */
            amountPaid?: number;
            /** @description ISO 4217 code of the amounts. */
            currencyCode?: string;
            /**
             * Format: uuid
             * @description The Xero contact the invoice was sent to; store it on the account or contact.
             */
            xeroContactId?: string;
            /** @description The Xero line and computed tax of each line sent, so Dynamics 365 totals can equal Xero's. */
            lines?: components["schemas"]["SyncedLine"][];
            /**
             * Format: date-time
             * @description When the proxy finished with this invoice (UTC), for the export date.
             */
            syncedAt?: string;
            /**
             * Format: uri
             * @description Xero's online invoice page for the customer to view and pay an approved sales invoice; absent until the proxy has fetched it (see the Online Invoice Link setting).
             */
            onlineInvoiceUrl?: string;
            email?: components["schemas"]["InvoiceEmailOutcome"];
            /** @description What happened, in plain words, for the sync history (for example the Xero validation message). */
            message: string;
            /** @description The reasons the invoice failed, one per problem; empty when it did not fail. */
            errors?: components["schemas"]["SyncError"][];
        };
        /** @description Present when this call emailed the invoice from Xero, or tried to (Email Invoice From Xero When Approved). */
        InvoiceEmailOutcome: {
            /**
             * @description Sent when Xero accepted the email; failed when Xero refused it (the invoice itself is synced).
             * @enum {string}
             */
            outcome: "sent" | "failed";
            /**
             * Format: date-time
             * @description When Xero accepted the email, or when it was refused (UTC).
             */
            at: string;
            /** @description For the sync history, in plain words (Xero's reason when it refused). */
            message: string;
        };
        /** @description One line as Xero holds it. */
        SyncedLine: {
            /**
             * Format: uuid
             * @description The invoicedetailid of the Dynamics 365 line.
             */
            lineId: string;
            /**
             * Format: uuid
             * @description Xero's identifier of the line item.
             */
            xeroLineItemId?: string;
            /** @description Tax Xero computed for the line; write it to the line's tax so the totals agree. */
            taxAmount?: number;
            /** @description Amount of the line in Xero after discount, before or including tax as the invoice says. */
            lineAmount?: number;
        };
        /** @description One reason an invoice failed. */
        SyncError: {
            /** @description Stable code, for example xero_validation, contact_not_found, reconnect_needed, rate_limited or invalid_invoice. */
            code: string;
            /** @description The problem in plain words; Xero's own message when Xero refused the invoice. */
            message: string;
            /** @description The field at fault when known, for example lines[2].accountCode. */
            field?: string;
        };
        /** @description Which invoice to cancel in Xero and what to do when it is already approved. */
        CancelInvoiceRequest: {
            /**
             * Format: uuid
             * @description The invoiceid of the cancelled or deleted Dynamics 365 invoice; the proxy's ledger knows its Xero invoice, so a deleted row still works.
             */
            invoiceId: string;
            /**
             * Format: uuid
             * @description The Xero invoice id, when the flow still has it; otherwise the ledger's is used.
             */
            xeroInvoiceId?: string;
            /**
             * @description What to do with an approved, unpaid invoice: raise a credit note for the full amount and allocate it, void it, or leave it.
             * @default CreditNote
             * @enum {string}
             */
            policy: "CreditNote" | "Void" | "Nothing";
            /** @description For an invoice deleted in Dynamics 365 (its row no longer names its connection) when the key reaches several organisations: each organisation's policy. The proxy finds the organisation that received the invoice in its ledger and uses that organisation's policy; Cancellation Policy otherwise. */
            policies?: components["schemas"]["OrganisationPolicy"][];
        };
        /** @description The cancellation policy of one Xero organisation, by its tenant id. */
        OrganisationPolicy: {
            /** @description The tenant id of the Xero organisation the policy belongs to. */
            organisation: string;
            /**
             * @description What that organisation does with an approved, unpaid invoice cancelled in Dynamics 365.
             * @enum {string}
             */
            policy: "CreditNote" | "Void" | "Nothing";
        };
        /** @description What was done in Xero. */
        CancelInvoiceResponse: {
            /**
             * Format: uuid
             * @description The invoiceid of the Dynamics 365 invoice this result is for.
             */
            invoiceId: string;
            /**
             * Format: uuid
             * @description The Xero invoice that was acted on.
             */
            xeroInvoiceId?: string;
            /**
             * @description Deleted (draft or submitted), Voided, CreditNoteAllocated (approved and unpaid), CreditNoteUnallocated (part paid: allocate by hand), Nothing (paid, or the policy said so), AlreadyCancelled (voided or deleted before).
             * @enum {string}
             */
            action: "Deleted" | "Voided" | "CreditNoteAllocated" | "CreditNoteUnallocated" | "Nothing" | "AlreadyCancelled";
            /**
             * @description The invoice's status in Xero once the action was taken.
             * @enum {string}
             */
            statusAfter?: "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
            /**
             * Format: uuid
             * @description Xero's identifier of the credit note raised, when one was.
             */
            creditNoteId?: string;
            /** @description Number of the credit note raised, when one was. */
            creditNoteNumber?: string;
            /** @description Amount of the credit note raised, in the invoice's currency. */
            amount?: number;
            /** @description ISO 4217 code of the credit note amount. */
            currencyCode?: string;
            /** @description What was done and anything left to do by hand, in plain words, for the sync history. */
            message: string;
            /** @description The tenant id of the Xero organisation the invoice was cancelled in (for a deleted invoice, the one whose ledger knew it). */
            organisation?: string;
        };
        /** @description Give exactly one of xeroInvoiceIds, modifiedSince or connections (Swagger 2.0 cannot say "one of"; the proxy answers 400 naming the fields when none or several are given). */
        GetInvoiceStatusesRequest: {
            /** @description The Xero connection rows as a Dataverse List rows action returns them. The proxy reads the invoices changed in Xero since its organisation's row watermark and answers the write-back for Dataverse (the invoices synced from Dynamics 365, their customers' balances, history, the new watermark); the row is created when missing. */
            connections?: components["schemas"]["DataverseRow"][];
            /**
             * Format: date-time
             * @description The flow's current time (utcNow()). The write-back's times (export date, history, resync marker) are stamped with it, so they follow the same clock as Dataverse; the proxy's clock when left out.
             */
            now?: string;
            /** @description The Xero invoice ids to look up, at most 50 per call. */
            xeroInvoiceIds?: string[];
            /**
             * Format: date-time
             * @description Return every invoice changed in Xero after this time (UTC), a page at a time.
             */
            modifiedSince?: string;
            /**
             * @description Which page of a modified-since query to return, starting at 1.
             * @default 1
             */
            page?: number;
        };
        /** @description The status and amounts of each invoice found, and paging. */
        GetInvoiceStatusesResponse: {
            /** @description One entry per invoice found; ids not found in Xero are left out. */
            invoices: components["schemas"]["InvoiceStatus"][];
            /** @description The page returned. */
            page: number;
            /** @description True when another page follows; ask again with the next page number. */
            hasMore: boolean;
            /**
             * Format: date-time
             * @description With connections: the time up to which Xero's changes have now been read; the write-back stores it on the connection row.
             */
            watermark?: string;
            /** @description With connections: the bulk messages that bring Dataverse up to date (invoice status and amounts, invoices paid in full, customers' balances, one history row per change, the connection row); empty when nothing changed. */
            writeBack?: components["schemas"]["DataverseBulkWrite"][];
        };
        /** @description The state of one invoice in Xero. */
        InvoiceStatus: {
            /**
             * Format: uuid
             * @description Xero's identifier of the invoice.
             */
            xeroInvoiceId: string;
            /** @description The invoice number in Xero. */
            invoiceNumber?: string;
            /**
             * Format: uuid
             * @description The Dynamics 365 invoiceid, when the proxy's ledger knows which invoice this is.
             */
            invoiceId?: string;
            /**
             * @description ACCREC for a sales invoice, ACCPAY for a purchase bill, ACCRECCREDIT/ACCPAYCREDIT for a credit note.
             * @enum {string}
             */
            invoiceType?: "ACCREC" | "ACCPAY" | "ACCRECCREDIT" | "ACCPAYCREDIT";
            /**
             * @description The invoice's status in Xero; PAID means fully paid.
             * @enum {string}
             */
            status: "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
            /** @description What is still owed. */
            amountDue?: number;
            /** @description The sum of payments received. */
            amountPaid?: number;
            /** @description The sum of credit notes allocated to the invoice. */
            amountCredited?: number;
            /** @description Total of the invoice with tax. */
            total?: number;
            /** @description ISO 4217 code of the amounts. */
            currencyCode?: string;
            /**
             * Format: date
             * @description The date the invoice became fully paid; absent until then.
             */
            fullyPaidOn?: string;
            /**
             * Format: date-time
             * @description When Xero last changed the invoice (UTC).
             */
            updatedAt?: string;
        };
        /** @description The Xero contacts whose balances to return: give exactly one of xeroContactIds and customers (the proxy answers 400 naming both otherwise). */
        GetContactBalancesRequest: {
            /** @description Accounts or contacts as a Dataverse List rows action returns them, with dxc_xerocontactid and the balances stored; the answer's write-back updates only the customers whose balance changed. */
            customers?: components["schemas"]["DataverseRow"][];
            /**
             * Format: date-time
             * @description The flow's current time (utcNow()). The write-back's times (export date, history, resync marker) are stamped with it, so they follow the same clock as Dataverse; the proxy's clock when left out.
             */
            now?: string;
            /** @description The Xero contact ids stored on Dynamics 365 accounts and contacts, at most 50 per call. */
            xeroContactIds?: string[];
        };
        /** @description The balances of each contact found. */
        GetContactBalancesResponse: {
            /** @description One entry per contact found; ids not found in Xero are left out. */
            contacts: components["schemas"]["ContactBalance"][];
            /** @description With customers, the bulk message that stores the balances that changed; empty when none did. */
            writeBack?: components["schemas"]["DataverseBulkWrite"][];
        };
        /** @description What one Xero contact owes, from Xero's accounts receivable balances. */
        ContactBalance: {
            /**
             * Format: uuid
             * @description Xero's identifier of the contact.
             */
            xeroContactId: string;
            /** @description The contact's number in Xero, the Dataverse id of the account or contact it was created from. */
            contactNumber?: string;
            /** @description Name of the contact in Xero. */
            name?: string;
            /** @description Everything the contact owes on approved sales invoices. */
            outstanding: number;
            /** @description The part of the amount owed that is past its due date. */
            overdue: number;
            /** @description ISO 4217 code the balances are in (Xero reports them unconverted, in the organisation's base currency). */
            currencyCode?: string;
        };
        /** @description What Power Automate sends when a flow with the trigger is saved. */
        SubscriptionRequest: {
            /**
             * Format: uri
             * @description Where the proxy POSTs invoice change events for this flow.
             */
            callbackUrl: string;
            /** @description Only start the flow for these kinds of change; every kind when left empty. */
            eventTypes?: ("Created" | "Updated" | "Approved" | "Paid" | "Voided" | "Deleted")[];
        };
        /** @description The subscription the proxy created. */
        Subscription: {
            /**
             * Format: uuid
             * @description The proxy's identifier of the subscription, the last segment of the Location address.
             */
            subscriptionId: string;
            /** @description The kinds of change that start the flow; empty means every kind. */
            eventTypes?: ("Created" | "Updated" | "Approved" | "Paid" | "Voided" | "Deleted")[];
            /**
             * Format: date-time
             * @description When the subscription was created (UTC).
             */
            createdAt?: string;
        };
        /** @description An invoice changed in Xero. Delivery is at least once (Xero retries its webhooks), so a flow should use the event id or updatedAt to ignore repeats. */
        InvoiceChangedEvent: {
            /**
             * Format: uuid
             * @description Identifier of this event, the same on every redelivery.
             */
            eventId: string;
            /**
             * Format: uuid
             * @description Xero's identifier of the organisation the invoice belongs to.
             */
            tenantId: string;
            /**
             * @description What happened: Created, Updated, Approved (now AUTHORISED), Paid (now fully paid), Voided or Deleted.
             * @enum {string}
             */
            eventType: "Created" | "Updated" | "Approved" | "Paid" | "Voided" | "Deleted";
            /**
             * Format: uuid
             * @description Xero's identifier of the invoice that changed.
             */
            xeroInvoiceId: string;
            /** @description The invoice number in Xero. */
            invoiceNumber?: string;
            /**
             * Format: uuid
             * @description The Dynamics 365 invoiceid, when the proxy's ledger knows which invoice this is.
             */
            invoiceId?: string;
            /**
             * @description ACCREC for a sales invoice, ACCPAY for a purchase bill, ACCRECCREDIT/ACCPAYCREDIT for a credit note.
             * @enum {string}
             */
            invoiceType?: "ACCREC" | "ACCPAY" | "ACCRECCREDIT" | "ACCPAYCREDIT";
            /**
             * @description The invoice's status in Xero after the change.
             * @enum {string}
             */
            status: "DRAFT" | "SUBMITTED" | "AUTHORISED" | "PAID" | "VOIDED" | "DELETED";
            /** @description What is still owed after the change. */
            amountDue?: number;
            /** @description The sum of payments received after the change. */
            amountPaid?: number;
            /** @description Total of the invoice with tax. */
            total?: number;
            /** @description ISO 4217 code of the amounts. */
            currencyCode?: string;
            /**
             * Format: date
             * @description The date the invoice became fully paid; absent until then.
             */
            fullyPaidOn?: string;
            /**
             * Format: date-time
             * @description When Xero changed the invoice (UTC).
             */
            updatedAt: string;
            /** @description True when this is the proxy's own write seen again (a sync or cancellation sent from Dynamics 365); a flow that writes to Dataverse should skip these with a trigger condition. */
            changedByThisProxy?: boolean;
        };
        /** @description Invoices of one Xero organisation changed since the last notification to this flow. Delivery is at least once; read the current state with GetInvoiceStatuses (connections), which is safe to repeat. */
        InvoiceChangesNotification: {
            /**
             * Format: uuid
             * @description Identifier of this notification, the same on every redelivery.
             */
            notificationId: string;
            /**
             * Format: uuid
             * @description Xero's identifier of the organisation the invoices belong to.
             */
            tenantId: string;
            /** @description The invoices that changed, each once, at most 1000 (more changes wait for the next notification). */
            xeroInvoiceIds: string[];
            /** @description How many change events from Xero this notification stands for. */
            eventCount: number;
            /**
             * Format: date-time
             * @description When the earliest change in this batch happened in Xero (UTC).
             */
            firstChangeAt?: string;
            /**
             * Format: date-time
             * @description When the latest change in this batch happened in Xero (UTC).
             */
            lastChangeAt?: string;
        };
    };
    responses: {
        /** @description The request is not valid; `details` names each field and the reason. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The API key is missing, unknown or revoked; create a new key on the proxy's admin page. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The key is valid but may not do this, or Xero refused the organisation's authorisation; reconnect Xero on the proxy's admin page. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The invoice, contact or subscription named is not known to the proxy or to Xero. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The same invoice is being synced or cancelled by another request right now; try again shortly. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Xero's call limit for this organisation is reached or nearly so; wait the seconds given in Retry-After. */
        TooManyRequests: {
            headers: {
                /** @description Seconds to wait before trying again (Xero's own Retry-After when it sent one). */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The proxy failed unexpectedly; the request id helps the administrator find the log entry. */
        InternalError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Xero answered with an error the proxy could not turn into a result. */
        BadGateway: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Xero or the proxy is temporarily unavailable (maintenance, organisation offline); try again later. */
        ServiceUnavailable: {
            headers: {
                /** @description Seconds to wait before trying again, when the proxy can tell. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: {
        /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
        Organisation: string;
    };
    requestBodies: {
        /** @description The callback address Power Automate fills in and the kinds of change that start the flow. */
        SubscriptionRequest: {
            content: {
                "application/json": components["schemas"]["SubscriptionRequest"];
            };
        };
    };
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    GetConnection: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Xero organisation and the health of its authorisation. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Connection"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ListOrganisations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organisations the key may use, the one it was issued for first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListOrganisationsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ListTaxRates: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organisation's tax rates. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListTaxRatesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ListAccounts: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
                /** @description Only return accounts of this class, for example REVENUE for sales lines or EXPENSE for bills. */
                class?: "ASSET" | "EQUITY" | "EXPENSE" | "LIABILITY" | "REVENUE";
                /** @description Only return accounts of this Xero account type, for example SALES or OVERHEADS. */
                type?: "BANK" | "CURRENT" | "CURRLIAB" | "DEPRECIATN" | "DIRECTCOSTS" | "EQUITY" | "EXPENSE" | "FIXED" | "INVENTORY" | "LIABILITY" | "NONCURRENT" | "OTHERINCOME" | "OVERHEADS" | "PREPAYMENT" | "REVENUE" | "SALES" | "TERMLIAB" | "PAYG";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organisation's accounts, filtered as asked. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListAccountsResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ListBrandingThemes: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organisation's branding themes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListBrandingThemesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ListTrackingCategories: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The organisation's tracking categories and their options. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListTrackingCategoriesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    SyncInvoices: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The invoices to send and the connection's sync settings. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["SyncInvoicesRequest"];
            };
        };
        responses: {
            /** @description One result per invoice sent, in the order sent, and the counts per outcome. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SyncInvoicesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    CancelInvoice: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Which invoice to cancel and what to do when it is already approved in Xero. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelInvoiceRequest"];
            };
        };
        responses: {
            /** @description What was done in Xero, in plain words. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelInvoiceResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetInvoiceStatuses: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Either up to 50 Xero invoice ids, or a modified-since time with an optional page number. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["GetInvoiceStatusesRequest"];
            };
        };
        responses: {
            /** @description The status and amounts of each invoice found, and whether more pages follow. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetInvoiceStatusesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    GetContactBalances: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Up to 50 Xero contact ids, as stored on Dynamics 365 accounts and contacts after a sync. */
        requestBody: {
            content: {
                "application/json": components["schemas"]["GetContactBalancesRequest"];
            };
        };
        responses: {
            /** @description The balances of each contact found. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GetContactBalancesResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    WhenAnInvoiceChanges: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["SubscriptionRequest"];
        responses: {
            /** @description Subscribed; the Location header is the address that removes this subscription. */
            201: {
                headers: {
                    /** @description Absolute URL of DELETE /v1/subscriptions/{subscriptionId} for this subscription. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    WhenInvoicesChange: {
        parameters: {
            query?: {
                /** @description The Xero organisation to work on, picked by name (its tenant id). Leave it empty when the connection's key reaches one organisation, or to let each Dataverse row go to its own Xero connection's organisation. */
                organisation?: components["parameters"]["Organisation"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: components["requestBodies"]["SubscriptionRequest"];
        responses: {
            /** @description Subscribed; the Location header is the address that removes this subscription. */
            201: {
                headers: {
                    /** @description Absolute URL of DELETE /v1/subscriptions/batched/{subscriptionId} for this subscription. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Subscription"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeleteBatchedSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the proxy returned when the subscription was created. */
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription is gone (also when it was already gone, so Power Automate can retry safely). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeleteSubscription: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The id the proxy returned when the subscription was created. */
                subscriptionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The subscription is gone (also when it was already gone, so Power Automate can retry safely). */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalError"];
            502: components["responses"]["BadGateway"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
