// Errors as the Web API returns them: `{"error":{"code","message"}}` with Dataverse's HTTP status and hex code.
// Codes and messages: Microsoft's "Troubleshoot Dataverse Web API client errors" page (0x8006088a unknown segment,
// 0x0 unknown property) and the web service error code list (0x80040217 ObjectDoesNotExist, 0x80040237
// DuplicateRecord, 0x80060882 ConcurrencyVersionMismatch, 0x80072322 service protection request limit). Codes marked
// UNVERIFIED below are our best reading and were not confirmed against a live environment.
export class DataverseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export const errors = {
  segmentNotFound: (segment: string) =>
    new DataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`),
  propertyNotFound: (property: string, table: string) =>
    new DataverseError(
      400,
      '0x0',
      `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${table}'.`,
    ),
  // UNVERIFIED code: Dataverse wraps ODataException payload errors in 0x80048d19 with this inner message.
  payloadPropertyUnknown: (property: string, table: string) =>
    new DataverseError(
      400,
      '0x80048d19',
      `Error identified in Payload provided by the user for Entity :'${table}'. The property '${property}' does not exist on type 'Microsoft.Dynamics.CRM.${table}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
    ),
  badRequest: (message: string, code = '0x80048d19') => new DataverseError(400, code, message),
  queryError: (message: string) => new DataverseError(400, '0x80060888', message),
  notFound: (table: string, id: string) =>
    new DataverseError(404, '0x80040217', `${table} With Id = ${id} Does Not Exist`),
  notFoundByKey: (table: string, key: string) =>
    new DataverseError(
      404,
      '0x80040217',
      `A record with the specified key values does not exist in ${table} entity (${key}).`,
    ),
  duplicate: () => new DataverseError(412, '0x80040237', 'A record with matching key values already exists.'),
  versionMismatch: () =>
    new DataverseError(
      412,
      '0x80060882',
      "The version of the existing record doesn't match the RowVersion property provided.",
    ),
  // UNVERIFIED code (InvalidArgument family); message follows the platform's "outside the valid range" wording.
  outOfRange: (column: string, table: string, value: unknown) =>
    new DataverseError(
      400,
      '0x8004431a',
      `A validation error occurred. The value ${JSON.stringify(value)} of '${column}' on record of type '${table}' is outside the valid range.`,
    ),
  // UNVERIFIED code: the platform refuses writes to closed sales documents; the text names the state.
  readOnlyRecord: (table: string, state: string) =>
    new DataverseError(
      400,
      '0x80040262',
      `This ${table} is ${state} and read-only: reactivate it (statecode 0) before changing it.`,
    ),
  // UNVERIFIED code: attributes with IsValidForCreate/IsValidForUpdate false are refused.
  notWritable: (column: string, table: string, action: 'create' | 'update', reason?: string) =>
    new DataverseError(
      400,
      '0x80048d19',
      `The property '${column}' of '${table}' is not valid for ${action}${reason ? ` (${reason})` : ''}.`,
    ),
  // UNVERIFIED code and body: a live environment answers 401 with WWW-Authenticate; the body text is ours.
  unauthorized: () =>
    new DataverseError(
      401,
      '0x80072560',
      'The user is not a member of the organization or the token is missing.',
      {
        'WWW-Authenticate':
          'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize',
      },
    ),
  notImplemented: (what: string) =>
    new DataverseError(501, '0x8006088b', `${what} is not implemented by the emulator.`),
  methodNotAllowed: (method: string, path: string) =>
    new DataverseError(
      405,
      '0x80060888',
      `The requested resource does not support http method '${method}' (${path}).`,
    ),
};
