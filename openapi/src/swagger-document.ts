// The parts of a Swagger 2.0 document (with Power Platform `x-ms-*` extensions) that our code reads. Deliberately loose:
// the contract is validated by swagger-parser and the Power Platform schema, so these types only name what we touch.

/** A Swagger 2.0 schema object: JSON Schema draft-04 subset plus `x-ms-*` keys. */
export interface SwaggerSchema {
  $ref?: string;
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SwaggerSchema>;
  required?: string[];
  items?: SwaggerSchema;
  allOf?: SwaggerSchema[];
  additionalProperties?: boolean | SwaggerSchema;
  enum?: unknown[];
  default?: unknown;
  [extension: string]: unknown;
}

export interface SwaggerParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'body' | 'formData';
  required?: boolean;
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  items?: SwaggerSchema;
  schema?: SwaggerSchema;
  $ref?: string;
  [extension: string]: unknown;
}

export interface SwaggerHeader {
  type: string;
  description?: string;
  [extension: string]: unknown;
}

export interface SwaggerResponse {
  $ref?: string;
  description?: string;
  schema?: SwaggerSchema;
  headers?: Record<string, SwaggerHeader>;
  [extension: string]: unknown;
}

export interface SwaggerOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  parameters?: SwaggerParameter[];
  responses?: Record<string, SwaggerResponse>;
  [extension: string]: unknown;
}

export const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof httpMethods)[number];

export type SwaggerPathItem = { [method in HttpMethod]?: SwaggerOperation } & {
  parameters?: SwaggerParameter[];
  [extension: string]: unknown;
};

export interface SwaggerDocument {
  swagger: string;
  info: { title?: string; description?: string; version?: string; [key: string]: unknown };
  host?: string;
  basePath?: string;
  schemes?: string[];
  consumes?: string[];
  produces?: string[];
  paths: Record<string, SwaggerPathItem>;
  definitions?: Record<string, SwaggerSchema>;
  parameters?: Record<string, SwaggerParameter>;
  responses?: Record<string, SwaggerResponse>;
  securityDefinitions?: Record<string, Record<string, unknown>>;
  security?: Record<string, string[]>[];
  tags?: { name: string; description?: string }[];
  [extension: string]: unknown;
}
