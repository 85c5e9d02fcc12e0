import Ajv from 'ajv';
import { fromJson, toPlainJson, type WdlValue } from '../../expressions/values';
import { asObject } from '../as-object';
import { ActionFailure, invalidTemplate } from '../run-errors';
import { handle, type ActionHandler } from './action-handler';
import { parseJsonError } from './parse-json-errors';

let ajv: Ajv | undefined;

/** Parse JSON (ACTREF ParseJson): the content (JSON text or a value) checked against the schema. */
export const parseJsonActions: ActionHandler[] = [
  handle('ParseJson', (run, { name, action, frame, record }) => {
    const inputs = asObject(action.inputs);
    let content = run.evaluate(inputs.content, frame, name);
    if (typeof content === 'string') {
      try {
        content = fromJson(JSON.parse(content.replace(/^\uFEFF/, '')));
      } catch {
        throw new ActionFailure('InvalidJSON', `Action '${name}': the content is not valid JSON.`);
      }
    }
    const schema = run.evaluate(inputs.schema ?? {}, frame, name);
    record.inputs = { content, schema };
    ajv ??= new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
    let validate;
    try {
      validate = ajv.compile(toPlainJson(schema) as object);
    } catch (e) {
      throw invalidTemplate(
        `Action '${name}': the schema is not a valid JSON schema: ${(e as Error).message}`,
      );
    }
    if (!validate(toPlainJson(content))) {
      const details = (validate.errors ?? []).map((e) => parseJsonError(e, toPlainJson(content)));
      // ParseJson fails with ValidationFailed and lists the schema errors (PA run history) [unverified exact shape].
      throw new ActionFailure('ValidationFailed', 'The schema validation failed.', 'Failed', {
        outputs: { errors: details as unknown as WdlValue },
      });
    }
    record.outputs = { body: content };
  }),
];
