// The Relay Node interface: every object with an id of its own can be fetched again by that id alone
// (`node(id:)`), which normalising client caches (Relay, Apollo, urql) rely on. Ids are ThreatHunt's:
// uuid4s without dashes, unique across every table by construction, so they serve as global ids as
// they are, with no encoding, and match the ids in ThreatHunt's database and URLs.
import { Field, ID, InterfaceType } from "type-graphql";

@InterfaceType({ description: "An object with a globally unique id, which `node(id:)` fetches again." })
export abstract class Node {
  @Field(() => ID, { description: "32-character hex id (a uuid4 without dashes), unique across every kind of object." })
  id: string;
}
