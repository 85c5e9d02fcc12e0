const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `context.mode.contextInfo` exists at run time on model-driven forms but is not in the published typings. */
interface ModeWithContextInfo extends ComponentFramework.Mode {
  contextInfo?: { entityId?: string; entityTypeName?: string; entityRecordName?: string };
}

/**
 * Id of the record the form shows, without braces, or undefined on a new (unsaved) record.
 * UNVERIFIED beyond Microsoft's samples: `contextInfo` is undocumented in @types/powerapps-component-framework 1.3.18.
 */
export function getFormRecordId(mode: ComponentFramework.Mode): string | undefined {
  const raw = (mode as ModeWithContextInfo).contextInfo?.entityId;
  if (typeof raw !== 'string') return undefined;
  const id = raw.replace(/[{}]/g, '').trim();
  return GUID.test(id) ? id.toLowerCase() : undefined;
}

/** Logical name of the form's table (`invoice`, `dxc_xeroconnection`), or undefined outside a form. UNVERIFIED as above. */
export function getFormEntityType(mode: ComponentFramework.Mode): string | undefined {
  const raw = (mode as ModeWithContextInfo).contextInfo?.entityTypeName;
  return typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
}
