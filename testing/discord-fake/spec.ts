/**
 * Request bodies checked against Discord's own API description. The npm package `discord-api-spec` (pinned in
 * package.json) ships Discord's OpenAPI document as generated schemas; each one we need is turned back into JSON
 * Schema and compiled with ajv, so a body Discord would answer with 50035 "Invalid Form Body" gets that answer here.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
// The package's "types" entry for ./zod points at the .js file itself, so TypeScript finds no declarations.
// @ts-expect-error -- untyped generated module; its exports are zod schemas
import * as generated from 'discord-api-spec/zod';
import * as z from 'zod';

const spec = generated as Record<string, z.core.$ZodType>;
const addFormats = formats as unknown as (ajv: Ajv2020) => void;

export type BodyKind =
  | 'message-create'
  | 'message-edit'
  | 'webhook-execute'
  | 'webhook-edit'
  | 'interaction-followup'
  | 'callback-message'
  | 'callback-update'
  | 'callback-modal';

const SCHEMA: Record<BodyKind, z.core.$ZodType> = {
  'message-create': spec.MessageCreateRequestSchema!,
  'message-edit': spec.MessageEditRequestPartialSchema!,
  'webhook-execute': spec.IncomingWebhookRequestPartialSchema!,
  'webhook-edit': spec.IncomingWebhookUpdateRequestPartialSchema!,
  'interaction-followup': spec.IncomingWebhookInteractionRequestSchema!,
  'callback-message': spec.CreateMessageInteractionCallbackRequestSchema!,
  'callback-update': spec.UpdateMessageInteractionCallbackRequestSchema!,
  'callback-modal': spec.ModalInteractionCallbackRequestSchema!,
};

/** Interaction callback types this fake accepts, and the schema of each (others are refused as Discord does). */
export const CALLBACK_KIND: Record<number, BodyKind> = {
  4: 'callback-message',
  5: 'callback-message',
  6: 'callback-update',
  7: 'callback-update',
  9: 'callback-modal',
};

let ajv: Ajv2020 | undefined;
const compiled = new Map<BodyKind, ValidateFunction>();

function validator(kind: BodyKind): ValidateFunction {
  let validate = compiled.get(kind);
  if (!validate) {
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: false });
      addFormats(ajv);
    }
    validate = ajv.compile(z.toJSONSchema(SCHEMA[kind], { io: 'input', unrepresentable: 'any' }) as object);
    compiled.set(kind, validate);
  }
  return validate;
}

/** The first problem Discord's schema finds in `body` ("/embeds/0/title: must NOT have more than 256 characters"), or undefined. */
export function specProblem(kind: BodyKind, body: unknown): string | undefined {
  const validate = validator(kind);
  if (validate(body ?? {})) return undefined;
  const [error] = validate.errors ?? [];
  return error ? `${error.instancePath || '/'}: ${error.message ?? 'invalid'}` : 'invalid body';
}
