// A warninglist in MISP's format: well-known values (special-use blocks, cloud ranges, popular domains,
// sinkholes, ...) with the role they play in ranking. Its entries are in warninglist_entries.
import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { namedEnum, valuedEnum } from "../../shared/enums";
import { IocType } from "../../shared/ioc-type";

export const WarninglistRole = namedEnum("WarninglistRole", "What a match with a warninglist does to an indicator.", {
  NOISE: "Well-known, benign or infrastructure values: matching values are set aside from IOC overlaps (listed under `suppressed`).",
  CONTEXT:
    "Values that make an indicator more interesting (sinkholes, dynamic DNS, URL shorteners, VPN egress, ...): they raise its score.",
});
export type WarninglistRole = (typeof WarninglistRole)[keyof typeof WarninglistRole];

export const WarninglistType = valuedEnum("WarninglistType", "How a warninglist's entries match values (MISP's list types).", {
  CIDR: ["cidr", "IPv4 and IPv6 blocks; an address is in the block."],
  STRING: ["string", "Exact values (case-insensitive)."],
  HOSTNAME: ["hostname", "A domain and every subdomain of it (also the host of a URL)."],
  SUBSTRING: ["substring", "The entry appears inside the value."],
  REGEX: ["regex", "A regular expression (PostgreSQL's syntax, which covers the usual PCRE)."],
});
export type WarninglistType = (typeof WarninglistType)[keyof typeof WarninglistType];

@ObjectType({ description: "A warninglist in MISP's format, and the role its matches play in ranking." })
@Entity({ name: "warninglists" })
export class Warninglist {
  @Field(() => Int, { description: "Its id in this database." })
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: "warninglists_pkey" })
  id: number;

  @Field({ description: "Short name: the list's folder name in MISP's `lists/` (for example `tranco10k`)." })
  @Index("warninglists_name_key", { unique: true })
  @Column({ type: "text" })
  name: string;

  @Field({ description: "The list's own name (MISP's `name`)." })
  @Column({ type: "text" })
  title: string;

  @Field({ description: "MISP's description of the list." })
  @Column({ type: "text" })
  description: string;

  @Field(() => String, { description: "MISP's version of the list (a number, often a date)." })
  @Column({ type: "bigint" })
  version: string;

  @Field(() => WarninglistType, { description: "How its entries match." })
  @Column({ name: "list_type", type: "varchar", length: 16 })
  listType: WarninglistType;

  @Field(() => [IocType], { description: "The kinds of indicator it applies to (from MISP's `matching_attributes`)." })
  @Column({ name: "ioc_types", type: "varchar", length: 32, array: true })
  iocTypes: IocType[];

  @Field(() => WarninglistRole, { description: "What a match does: set the value aside (NOISE) or raise it (CONTEXT)." })
  @Column({ type: "varchar", length: 16 })
  role: WarninglistRole;

  @Field({ description: "Whether its matches count. Disabling a list brings back the values it set aside, at once." })
  @Column({ type: "boolean" })
  enabled: boolean;

  @Field({ description: "`bundled` (shipped with huntgraph) or `imported` (from a MISP checkout)." })
  @Column({ type: "varchar", length: 16 })
  origin: string;

  @Field(() => Int, { description: "How many entries it has." })
  @Column({ name: "entry_count", type: "int" })
  entryCount: number;

  /** How many entries the list's file has (some may not match anything): tells whether a file changed. */
  @Column({ name: "file_entries", type: "int" })
  fileEntries: number;

  @Field({ description: "When this version was loaded." })
  @Column({ name: "imported_at", type: "timestamptz", default: () => "now()" })
  importedAt: Date;
}
