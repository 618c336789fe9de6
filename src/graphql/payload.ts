// Mutation payloads: every mutation returns an object of its own (`<Mutation>Payload`), never a bare
// type, so that a field can be added to what a mutation returns without breaking its clients.
import { type ClassType, Field, ID, ObjectType } from "type-graphql";

type FieldType = Parameters<typeof Field>[0];

/** Declares the payload `name` with one field, `field`, of the type `type` returns. */
export function PayloadType<K extends string, T>(
  name: string,
  field: K,
  type: NonNullable<FieldType>,
  description: { payload: string; field: string },
): ClassType<Record<K, T>> {
  @ObjectType(name, { description: description.payload })
  class Payload {}
  Field(type, { description: description.field })(Payload.prototype, field);
  return Payload as unknown as ClassType<Record<K, T>>;
}

/** The payloads of mutations that return the same kind of object under `field`: each by its name and what it does. */
export function payloadsOf<K extends string, T>(field: K, type: NonNullable<FieldType>, fieldDescription: string) {
  return (name: string, what: string) =>
    PayloadType<K, T>(name, field, type, { payload: `What ${what} returns.`, field: fieldDescription });
}

/** The payload of a delete mutation: the id of what it deleted. */
export function DeletedPayloadType(name: string, what: string): ClassType<{ deletedId: string }> {
  return PayloadType(name, "deletedId", () => ID, {
    payload: `What deleting a ${what} returns.`,
    field: `The id of the ${what} deleted.`,
  });
}
