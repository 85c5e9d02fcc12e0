import { renderCsdl } from '../../../metadata/csdl';
import { errors } from '../../dataverse-error';
import { baseUrl } from '../odata-path';
import { send } from '../odata-reply';
import type { WebApiRequest } from '../web-api-request';

// The service-level resources: the CSDL document, the service document and the WhoAmI function.

export function getMetadata({ res, service }: WebApiRequest): void {
  res.setHeader('OData-Version', '4.0');
  res.status(200).type('application/xml').send(renderCsdl(service.schema));
}

export function refuseBatch(): never {
  throw errors.notImplemented('$batch');
}

export function unknownSpecialSegment({ path }: WebApiRequest): never {
  throw errors.segmentNotFound(path.special!);
}

export function getServiceDocument({ req, res, service }: WebApiRequest): void {
  send(res, 200, {
    '@odata.context': `${baseUrl(req)}/$metadata`,
    value: [...service.schema.tables.values()].map((t) => ({
      name: t.entitySetName,
      kind: 'EntitySet',
      url: t.entitySetName,
    })),
  });
}

export function whoAmI({ req, res, service }: WebApiRequest): void {
  send(res, 200, {
    '@odata.context': `${baseUrl(req)}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: service.identity.businessUnitId,
    UserId: service.identity.userId,
    OrganizationId: service.identity.organizationId,
  });
}

export function methodNotAllowed({ method, rawPath }: WebApiRequest): never {
  throw errors.methodNotAllowed(method, rawPath);
}
