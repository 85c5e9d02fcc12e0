// GENERATED from Xero's OpenAPI spec (xero_accounting.yaml, MIT, Copyright (c) 2017 Xero Developer API) and xero/answers/relied-on-fields.ts by proxy-service/scripts/generate-xero-answer-schemas.ts. Do not edit: change relied-on-fields.ts and run `npx tsx proxy-service/scripts/generate-xero-answer-schemas.ts`.
import type { AnswerSchema } from '../derive-answer-schemas';

export const XERO_ANSWER_SCHEMAS: Record<string, AnswerSchema> = {
  "Invoices": {
    "type": "object",
    "required": ["Invoices"],
    "properties": {
      "Invoices": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["InvoiceID"],
          "properties": {
            "InvoiceID": {"type":"string"},
            "InvoiceNumber": {"type":"string","nullable":true},
            "Type": {"type":"string","nullable":true},
            "Status": {"type":"string","nullable":true},
            "Reference": {"type":"string","nullable":true},
            "CurrencyCode": {"type":"string","nullable":true},
            "LineItems": {"type":"array","nullable":true},
            "SentToContact": {"type":"boolean","nullable":true},
            "SubTotal": {"type":"number","nullable":true},
            "TotalTax": {"type":"number","nullable":true},
            "Total": {"type":"number","nullable":true},
            "AmountDue": {"type":"number","nullable":true},
            "AmountPaid": {"type":"number","nullable":true},
            "AmountCredited": {"type":"number","nullable":true},
            "UpdatedDateUTC": {"type":"string","nullable":true},
            "FullyPaidOnDate": {"type":"string","nullable":true},
            "Contact": {
              "type": "object",
              "properties": {"ContactID":{"type":"string","nullable":true}},
              "nullable": true
            },
            "HasErrors": {"type":"boolean","nullable":true},
            "ValidationErrors": {"type":"array","nullable":true}
          }
        }
      },
      "pagination": {
        "type": "object",
        "properties": {"pageCount":{"type":"integer","nullable":true}},
        "nullable": true
      }
    }
  },
  "CreditNotes": {
    "type": "object",
    "required": ["CreditNotes"],
    "properties": {
      "CreditNotes": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["CreditNoteID"],
          "properties": {
            "CreditNoteID": {"type":"string"},
            "CreditNoteNumber": {"type":"string","nullable":true},
            "Type": {"type":"string","nullable":true},
            "Status": {"type":"string","nullable":true},
            "Reference": {"type":"string","nullable":true},
            "CurrencyCode": {"type":"string","nullable":true},
            "LineItems": {"type":"array","nullable":true},
            "SubTotal": {"type":"number","nullable":true},
            "TotalTax": {"type":"number","nullable":true},
            "Total": {"type":"number","nullable":true},
            "RemainingCredit": {"type":"number","nullable":true},
            "UpdatedDateUTC": {"type":"string","nullable":true},
            "Contact": {
              "type": "object",
              "properties": {"ContactID":{"type":"string","nullable":true}},
              "nullable": true
            },
            "Allocations": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "Amount": {"type":"number","nullable":true},
                  "Invoice": {
                    "type": "object",
                    "properties": {"InvoiceID":{"type":"string","nullable":true}},
                    "nullable": true
                  }
                }
              },
              "nullable": true
            },
            "HasErrors": {"type":"boolean","nullable":true},
            "ValidationErrors": {"type":"array","nullable":true}
          }
        }
      },
      "pagination": {
        "type": "object",
        "properties": {"pageCount":{"type":"integer","nullable":true}},
        "nullable": true
      }
    }
  },
  "Contacts": {
    "type": "object",
    "required": ["Contacts"],
    "properties": {
      "Contacts": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["ContactID"],
          "properties": {
            "ContactID": {"type":"string"},
            "Name": {"type":"string","nullable":true},
            "ContactNumber": {"type":"string","nullable":true},
            "ContactStatus": {"type":"string","nullable":true},
            "Balances": {"type":"object","nullable":true},
            "HasValidationErrors": {"type":"boolean","nullable":true},
            "ValidationErrors": {"type":"array","nullable":true}
          }
        }
      }
    }
  },
  "Items": {
    "type": "object",
    "required": ["Items"],
    "properties": {
      "Items": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["ItemID"],
          "properties": {
            "ItemID": {"type":"string"},
            "Code": {"type":"string","nullable":true},
            "Name": {"type":"string","nullable":true},
            "ValidationErrors": {"type":"array","nullable":true}
          }
        }
      }
    }
  },
  "TaxRates": {
    "type": "object",
    "required": ["TaxRates"],
    "properties": {
      "TaxRates": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["Name","TaxType"],
          "properties": {
            "Name": {"type":"string"},
            "TaxType": {"type":"string"},
            "EffectiveRate": {"type":"number","nullable":true},
            "Status": {"type":"string","nullable":true},
            "CanApplyToRevenue": {"type":"boolean","nullable":true},
            "CanApplyToExpenses": {"type":"boolean","nullable":true}
          }
        }
      }
    }
  },
  "Accounts": {
    "type": "object",
    "required": ["Accounts"],
    "properties": {
      "Accounts": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["AccountID","Name"],
          "properties": {
            "AccountID": {"type":"string"},
            "Name": {"type":"string"},
            "Code": {"type":"string","nullable":true},
            "Type": {"type":"string","nullable":true},
            "Class": {"type":"string","nullable":true},
            "TaxType": {"type":"string","nullable":true},
            "Status": {"type":"string","nullable":true},
            "Description": {"type":"string","nullable":true}
          }
        }
      }
    }
  },
  "BrandingThemes": {
    "type": "object",
    "required": ["BrandingThemes"],
    "properties": {
      "BrandingThemes": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["BrandingThemeID","Name"],
          "properties": {
            "BrandingThemeID": {"type":"string"},
            "Name": {"type":"string"},
            "SortOrder": {"type":"integer","nullable":true},
            "CreatedDateUTC": {"type":"string","nullable":true}
          }
        }
      }
    }
  },
  "Organisations": {
    "type": "object",
    "required": ["Organisations"],
    "properties": {
      "Organisations": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["Name"],
          "properties": {
            "Name": {"type":"string"},
            "OrganisationID": {"type":"string","nullable":true},
            "ShortCode": {"type":"string","nullable":true},
            "BaseCurrency": {"type":"string","nullable":true},
            "CountryCode": {"type":"string","nullable":true},
            "Timezone": {"type":"string","nullable":true}
          }
        }
      }
    }
  },
  "TrackingCategories": {
    "type": "object",
    "required": ["TrackingCategories"],
    "properties": {
      "TrackingCategories": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["TrackingCategoryID","Name"],
          "properties": {
            "TrackingCategoryID": {"type":"string"},
            "Name": {"type":"string"},
            "Status": {"type":"string","nullable":true},
            "Options": {
              "type": "array",
              "items": {
                "type": "object",
                "required": ["TrackingOptionID","Name"],
                "properties": {
                  "TrackingOptionID": {"type":"string"},
                  "Name": {"type":"string"},
                  "Status": {"type":"string","nullable":true}
                }
              },
              "nullable": true
            }
          }
        }
      }
    }
  },
  "OnlineInvoices": {
    "type": "object",
    "required": ["OnlineInvoices"],
    "properties": {
      "OnlineInvoices": {
        "type": "array",
        "items": {"type":"object","properties":{"OnlineInvoiceUrl":{"type":"string","nullable":true}}}
      }
    }
  }
};
