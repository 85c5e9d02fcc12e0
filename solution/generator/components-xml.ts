import type { Choice, SecurityRole, SolutionModel } from '../model/types';
import { INTRODUCED_VERSION, ORGANIZATION_VERSION } from './constants';
import { braced, deterministicGuid } from './deterministic-guid';
import type { XNode } from './xml';
import { descriptions, displaynames, label } from './xml';

const XSI_ATTR = { '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance' };

/** OptionSets/<name>.xml: a global choice. */
export function optionSetFile(choice: Choice): XNode {
  return {
    '@Name': choice.name,
    '@localizedName': choice.displayName,
    '@description': choice.description,
    ...XSI_ATTR,
    OptionSetType: 'picklist',
    IsGlobal: '1',
    IntroducedVersion: INTRODUCED_VERSION,
    IsCustomizable: '1',
    displaynames: displaynames(choice.displayName),
    Descriptions: descriptions(choice.description),
    options: {
      option: choice.options.map((o) => ({
        '@value': String(o.value),
        labels: { label: label(o.label) },
        ...(o.description ? { Descriptions: descriptions(o.description) } : {}),
      })),
    },
  };
}

export const roleId = (role: SecurityRole) => braced(`role:${role.name}`);

/** Privilege names in the platform's spelling: `prv<Access><EntityName>` (prvReadInvoice, prvReadUser). */
export function rolePrivileges(role: SecurityRole, model: SolutionModel): { name: string; level: string }[] {
  const privileges = role.tables.flatMap((entry) => {
    const t =
      model.tables.find((x) => x.logicalName === entry.table) ??
      model.platformTables.find((x) => x.logicalName === entry.table)!;
    const entityName = t.privilegeEntityName ?? t.schemaName;
    return entry.access.map((access) => ({ name: `prv${access}${entityName}`, level: entry.depth }));
  });
  return privileges.sort((a, b) => a.name.localeCompare(b.name));
}

/** Roles/<name>.xml. */
export function roleFile(role: SecurityRole, model: SolutionModel): XNode {
  return {
    '@id': roleId(role),
    '@name': role.name,
    ...XSI_ATTR,
    IsCustomizable: '1',
    IntroducedVersion: INTRODUCED_VERSION,
    RolePrivileges: {
      RolePrivilege: rolePrivileges(role, model).map((p) => ({ '@name': p.name, '@level': p.level })),
    },
  };
}

const ENV_TYPE = {
  String: '100000000',
  Number: '100000001',
  Boolean: '100000002',
  JSON: '100000003',
  Secret: '100000005',
};

/** environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml. */
export function environmentVariableFiles(model: SolutionModel): Map<string, XNode> {
  const files = new Map<string, XNode>();
  for (const ev of model.environmentVariables) {
    files.set(`environmentvariabledefinitions/${ev.schemaName}/environmentvariabledefinition.xml`, {
      '@schemaname': ev.schemaName,
      ...XSI_ATTR,
      ...(ev.defaultValue !== undefined ? { defaultvalue: ev.defaultValue } : {}),
      description: { '@default': ev.description, label: label(ev.description) },
      displayname: { '@default': ev.displayName, label: label(ev.displayName) },
      introducedversion: INTRODUCED_VERSION,
      iscustomizable: '1',
      isrequired: ev.isRequired ? '1' : '0',
      secretstore: '0',
      type: ENV_TYPE[ev.type],
    });
  }
  return files;
}

export const connectorId = (model: SolutionModel) =>
  deterministicGuid(`connector:${model.connector.schemaName}`);

/** Connectors/<name>.xml: metadata only; the packer adds the definition files from connector/ (see README). */
export function connectorFile(model: SolutionModel): XNode {
  const name = model.connector.schemaName;
  return {
    connectionparameters: `/Connector/${name}_connectionparameters.json`,
    connectorid: connectorId(model),
    connectortype: '1',
    description: model.connector.description,
    displayname: model.connector.displayName,
    iconblob: `/Connector/${name}_iconblob.Png`,
    iconbrandcolor: model.connector.iconBrandColor,
    introducedversion: INTRODUCED_VERSION,
    iscustomizable: '1',
    name,
    openapidefinition: `/Connector/${name}_openapidefinition.json`,
    policytemplateinstances: `/Connector/${name}_policytemplateinstances.json`,
  };
}

/** `<connectionreferences>` of Customizations.xml. */
export function connectionReferencesNode(model: SolutionModel): XNode {
  return {
    connectionreference: model.connectionReferences.map((cr) => ({
      '@connectionreferencelogicalname': cr.logicalName,
      connectionreferencedisplayname: cr.displayName,
      connectorid: `/providers/Microsoft.PowerApps/apis/${cr.apiName}`,
      // [UNVERIFIED] third-party import-verified generators add this for a custom connector of the same solution;
      // no Microsoft sample shows it.
      ...(cr.customConnector ? { customconnectorid: { connectorid: connectorId(model) } } : {}),
      description: cr.description,
      iscustomizable: '1',
      promptingbehavior: '0',
      statecode: '0',
      statuscode: '1',
    })),
  };
}

/** Other/Customizations.xml in the modern unpacked layout: component lists stay empty (sidecar files carry them). */
export function customizationsFile(model: SolutionModel): XNode {
  return {
    ...XSI_ATTR,
    '@OrganizationVersion': ORGANIZATION_VERSION,
    '@OrganizationSchemaType': 'Standard',
    '@CRMServerServiceabilityVersion': ORGANIZATION_VERSION,
    Entities: {},
    Roles: {},
    Workflows: {},
    FieldSecurityProfiles: {},
    Templates: {},
    EntityMaps: {},
    EntityRelationships: {},
    OrganizationSettings: {},
    optionsets: {},
    CustomControls: {},
    EntityDataProviders: {},
    Connectors: {},
    connectionreferences: connectionReferencesNode(model),
    Languages: { Language: '1033' },
  };
}

/** Controls/<solution name>/ControlManifest.xml.data.xml (the packer adds the build output beside it). */
export function controlDataFile(solutionName: string): XNode {
  return {
    '@Name': solutionName,
    FileName: `/Controls/${solutionName}/ControlManifest.xml`,
  };
}
