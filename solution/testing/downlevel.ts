import type { Node } from '../packer/xml-dom';
import { children, element, parseXml, serialize } from '../packer/xml-dom';

/**
 * What today's exports contain that CustomizationsSolution.xsd 9.0.0.2090 (2018) does not know. Everything else
 * is validated; these are removed first and the test asserts that exactly these were found, so a new unknown
 * element cannot slip through unnoticed.
 */
export const NEWER_THAN_XSD = {
  /** Attributes of <ImportExportXml> written by current exporters (the 9.0 schema declares none). */
  rootAttributes: ['OrganizationVersion', 'OrganizationSchemaType', 'CRMServerServiceabilityVersion'],
  /** Root sections added after 9.0: custom connectors and connection references. */
  rootElements: ['Connectors', 'connectionreferences'],
  /** <entity> flags added after 9.0. */
  entityElements: ['IsRetrieveAuditEnabled', 'IsRetrieveMultipleAuditEnabled', 'IsSolutionAware'],
  /** <attribute> flags added after 9.0 (auto-number, search/filter/retrieve/localise settings). */
  attributeElements: ['AutoNumberFormat', 'IsSearchable', 'IsFilterable', 'IsRetrievable', 'IsLocalizable'],
  /** <form> attributes of the Unified Interface (header density), newer than FormXml.xsd 9.0. */
  formAttributes: ['headerdensity'],
  /** <Workflow> children of modern cloud flows (definition kept as JSON in the zip), newer than 9.0. */
  workflowElements: ['JsonFileName'],
};

/** Removes the Unified Interface attributes of every <form> below `node`. */
export function downlevelForms(node: Node, removed: Set<string>): void {
  node.each(
    (n) => {
      if (n.node.nodeName !== 'form') return;
      for (const a of NEWER_THAN_XSD.formAttributes)
        if (element(n).hasAttribute(a)) {
          n.removeAtt(a);
          removed.add(`form@${a}`);
        }
    },
    true,
    true,
  );
}

export interface Downlevelled {
  xml: string;
  removed: Set<string>;
}

export function downlevelCustomizations(xml: string): Downlevelled {
  const doc = parseXml(xml, 'customizations.xml');
  const root = doc.root();
  const removed = new Set<string>();
  const el = element(root);
  for (const a of NEWER_THAN_XSD.rootAttributes)
    if (el.hasAttribute(a)) {
      root.removeAtt(a);
      removed.add(`@${a}`);
    }
  for (const c of children(root))
    if (NEWER_THAN_XSD.rootElements.includes(c.node.nodeName)) {
      removed.add(c.node.nodeName);
      c.remove();
    }
  const strip = (parent: Node, names: string[]) => {
    for (const c of children(parent))
      if (names.includes(c.node.nodeName)) {
        removed.add(c.node.nodeName);
        c.remove();
      }
  };
  for (const entity of children(children(root, 'Entities')[0] ?? root, 'Entity'))
    for (const info of children(entity, 'EntityInfo'))
      for (const e of children(info, 'entity')) {
        strip(e, NEWER_THAN_XSD.entityElements);
        for (const attrs of children(e, 'attributes'))
          for (const a of children(attrs, 'attribute')) strip(a, NEWER_THAN_XSD.attributeElements);
      }
  for (const wf of children(children(root, 'Workflows')[0] ?? root, 'Workflow'))
    strip(wf, NEWER_THAN_XSD.workflowElements);
  downlevelForms(root, removed);
  return { xml: serialize(doc), removed };
}
