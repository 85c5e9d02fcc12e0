/**
 * The sync domain speaks Xero's wire JSON (PascalCase); xero-node takes and returns its own models. Its serializer
 * converts both ways, so the payloads the domain planned are what goes on the wire.
 */
import { ObjectSerializer } from 'xero-node';

/** Wire elements as the xero-node model of their collection, e.g. `toModel('Invoices', 'Invoices', [...])`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const toModel = (collection: string, type: string, elements: readonly unknown[]): any =>
  ObjectSerializer.deserialize({ [collection]: elements }, type);

/** The elements of a xero-node collection model back in wire form. */
export const toWire = <T>(collection: string, type: string, body: unknown): T[] =>
  ((ObjectSerializer.serialize(body, type) as Record<string, unknown> | undefined)?.[collection] as
    T[] | undefined) ?? [];
