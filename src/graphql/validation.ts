// Validation of ids: every id argument is checked before any query runs.
import { IsDefined, Matches, ValidateIf, type ValidationOptions } from "class-validator";
import { ArgsType, Field, ID } from "type-graphql";
import { ID_PATTERN } from "../shared/id";

export function IsHexId(options: ValidationOptions = {}): PropertyDecorator {
  return Matches(ID_PATTERN, {
    message: "$property must be a 32-character lowercase hex id, got '$value'",
    ...options,
  });
}

@ArgsType()
export class IdArgs {
  @Field(() => ID, { description: "32-character hex id." })
  @IsHexId()
  id: string;
}

/**
 * For update inputs: the field may be left out, but if given it is validated, so an explicit
 * `null` for a required column is an input error rather than a database error. type-graphql
 * validates with `skipMissingProperties`, which skips every rule on a null value but IsDefined.
 */
export function Omittable(): PropertyDecorator {
  const whenGiven = ValidateIf((_object, value) => value !== undefined);
  const notNull = IsDefined({ message: "$property cannot be null" });
  return (target, property) => {
    whenGiven(target, property);
    notNull(target, property);
  };
}
