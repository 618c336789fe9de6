// A dataset's column profile, typed: ThreatHunt keeps it as three JSON objects keyed by raw column name
// (column_schema, normalized_columns, ioc_columns); `Dataset.columns` joins them, in the file's order.
import { Field, ObjectType } from "type-graphql";
import { valuedEnum } from "../../shared/enums";
import { IocType } from "../../shared/ioc-type";
import type { Dataset } from "./dataset.entity";

export const ColumnType = valuedEnum("ColumnType", "The type of a column's values, inferred from its first 100 rows.", {
  IP: ["ip", "IPv4 addresses."],
  HASH_MD5: ["hash_md5", "MD5 hashes."],
  HASH_SHA1: ["hash_sha1", "SHA-1 hashes."],
  HASH_SHA256: ["hash_sha256", "SHA-256 hashes."],
  INTEGER: ["integer", "Whole numbers."],
  FLOAT: ["float", "Decimal numbers."],
  TIMESTAMP: ["timestamp", "Dates with a time of day."],
  DOMAIN: ["domain", "DNS domain names."],
  PATH: ["path", "File paths (Windows or POSIX)."],
  STRING: ["string", "Anything else."],
});
export type ColumnType = (typeof ColumnType)[keyof typeof ColumnType];

@ObjectType({ description: "One column of a dataset: its name in the file, its inferred type, its canonical name and IOC type." })
export class DatasetColumn {
  @Field({ description: "The column's name in the uploaded file." })
  name: string;

  @Field(() => ColumnType, { description: "The type most of its first 100 non-empty values have." })
  type: ColumnType;

  @Field(() => String, { nullable: true, description: "The canonical name it maps to (hostname, src_ip, ...); null when none." })
  canonicalName: string | null;

  @Field(() => IocType, { nullable: true, description: "The kind of indicator it holds, when it is an IOC column." })
  iocType: IocType | null;
}

const COLUMN_TYPES = new Set<string>(Object.values(ColumnType));
const IOC_TYPES = new Set<string>(Object.values(IocType));

/**
 * The dataset's columns in file order (the order of column_schema, a json column that keeps it). A type
 * that ThreatHunt's profiler never writes reads as STRING; the raw `columnSchema` still has it.
 */
export function columnsOf(dataset: Dataset): DatasetColumn[] {
  const types = dataset.columnSchema ?? {};
  const canonical = dataset.normalizedColumns ?? {};
  const iocs = dataset.iocColumns ?? {};
  const names = [...new Set([...Object.keys(types), ...Object.keys(canonical), ...Object.keys(iocs)])];
  return names.map((name) =>
    Object.assign(new DatasetColumn(), {
      name,
      type: COLUMN_TYPES.has(types[name]) ? (types[name] as ColumnType) : ColumnType.STRING,
      canonicalName: canonical[name] ?? null,
      iocType: IOC_TYPES.has(iocs[name]) ? (iocs[name] as IocType) : null,
    }),
  );
}
