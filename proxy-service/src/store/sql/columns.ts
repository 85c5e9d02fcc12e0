/**
 * Column types that differ by dialect. SQLite keeps timestamps and JSON as TEXT; PostgreSQL has TIMESTAMPTZ and
 * JSONB, which node-postgres reads back as a Date and a parsed value. Writes are the same on both (an ISO string,
 * a JSON string), so a query is written once and only the row mapper reads through the helpers in values.ts.
 */
import type { ColumnType, Generated } from 'kysely';

/** An ISO-8601 instant: written as a string, read as a string (SQLite) or a Date (PostgreSQL). */
export type Timestamp = ColumnType<string | Date, string, string>;

/** A JSON document: written as JSON text, read as text (SQLite, or a TEXT column) or parsed (PostgreSQL JSONB). */
export type Json = ColumnType<unknown, string, string>;

/** A column with a database default: optional on insert. */
export type Defaulted<T> = Generated<T>;
