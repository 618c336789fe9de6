/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** The type of a column's values, inferred from its first 100 rows. */
export type ColumnType =
  /** DNS domain names. */
  | 'DOMAIN'
  /** Decimal numbers. */
  | 'FLOAT'
  /** MD5 hashes. */
  | 'HASH_MD5'
  /** SHA-1 hashes. */
  | 'HASH_SHA1'
  /** SHA-256 hashes. */
  | 'HASH_SHA256'
  /** Whole numbers. */
  | 'INTEGER'
  /** IPv4 addresses. */
  | 'IP'
  /** File paths (Windows or POSIX). */
  | 'PATH'
  /** Anything else. */
  | 'STRING'
  /** Dates with a time of day. */
  | 'TIMESTAMP';

/** A small CSV export, sent inline as text, to store as a dataset of a hunt. */
export type ImportDatasetInput = {
  /** The CSV text, header first; at most 5 MiB. Larger files: POST them to /hunts/{huntId}/datasets or use `huntgraph import`. */
  content: string;
  /** The file's name (1 to 512 characters), stored and named in errors. */
  filename: string;
  /** The hunt to add the dataset to. */
  huntId: string | number;
  /** Display name (default: the file name). */
  name?: string | null | undefined;
  /** Tool that produced the export (velociraptor, osquery, sysmon, ...). */
  sourceTool?: string | null | undefined;
};

/** Kind of indicator of compromise. */
export type IocType =
  /** DNS domain name. */
  | 'DOMAIN'
  /** MD5 file hash (32 hex characters). */
  | 'HASH_MD5'
  /** SHA-1 file hash (40 hex characters). */
  | 'HASH_SHA1'
  /** SHA-256 file hash (64 hex characters). */
  | 'HASH_SHA256'
  /** Host name of a machine. */
  | 'HOSTNAME'
  /** IPv4 or IPv6 address. */
  | 'IP'
  /** URL. */
  | 'URL';

/** A signal that moves an overlap's score. */
export type ScoreSignal =
  /** Matched by an enabled CONTEXT warninglist (sinkhole, dynamic DNS, URL shortener, VPN, ...): +3. */
  | 'CONTEXT'
  /** How few datasets of the whole database hold it: ln((datasets + 1) / datasets holding it). */
  | 'DATASET_RARITY'
  /** An analyst's disposition: escalated +8, benign -8, ignored -4. */
  | 'DISPOSITION'
  /** Matched by an analyst's exclusion rule: -6 (and set aside). */
  | 'EXCLUSION_RULE'
  /** How few hosts saw it (stacking): ln((hosts + 1) / hosts that saw it), over the hosts the database knows. */
  | 'HOST_RARITY'
  /** How few hunts of the whole database hold it: 4 × ln((hunts + 1) / hunts holding it). */
  | 'HUNT_RARITY'
  /** An address in private space (RFC 1918, RFC 6598, IPv6 unique local): no effect; never set aside as noise. */
  | 'INTERNAL'
  /** How specific its kind is: hashes +2, URLs +1.5, domains +1, addresses and host names 0. */
  | 'IOC_TYPE'
  /** Matched by an enabled NOISE warninglist: -6 (and set aside). Internal addresses are never noise. */
  | 'NOISE'
  /** How many of the correlated hunts share it: ln(hunts sharing it). */
  | 'SPREAD'
  /** The most severe current threat-intel verdict: malicious +10, suspicious +5, clean -5. */
  | 'VERDICT';

/** What a threat-intel source said about an indicator. */
export type Verdict =
  /** Known good. */
  | 'CLEAN'
  /** The lookup failed; carries no verdict. */
  | 'ERROR'
  /** Known bad. */
  | 'MALICIOUS'
  /** Possibly bad. */
  | 'SUSPICIOUS'
  /** The source has no opinion. */
  | 'UNKNOWN';

export type DashboardQueryVariables = Exact<{
  huntIds?: Array<string | number> | string | number | null | undefined;
  first: number;
}>;


export type DashboardQuery = { correlation: { summaryLines: Array<string>, totalCorrelations: number, hunts: Array<{ id: string, name: string }>, iocOverlaps: { totalCount: number, suppressedCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ value: string, iocType: IocType, score: number, verdict: Verdict | null, rowCount: number, huntCount: number, lastSeen: string | null, reasons: Array<{ signal: ScoreSignal, effect: number, detail: string }>, prevalence: { hunts: number, totalHunts: number, hosts: number | null, totalHosts: number } }> }, hostOverlaps: { totalCount: number }, timeOverlaps: { totalCount: number }, techniqueOverlaps: { totalCount: number } } };

export type WhereElseQueryVariables = Exact<{
  value: string;
  after?: string | null | undefined;
}>;


export type WhereElseQuery = { iocSightings: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ iocType: IocType, value: string, column: string, rowCount: number, firstSeen: string | null, lastSeen: string | null, hunt: { id: string, name: string } | null, dataset: { id: string, filename: string } }> } };

export type CreateHuntMutationVariables = Exact<{
  name: string;
}>;


export type CreateHuntMutation = { createHunt: { hunt: { id: string, name: string } } };

export type ImportDatasetMutationVariables = Exact<{
  input: ImportDatasetInput;
}>;


export type ImportDatasetMutation = { importDataset: { paddedRows: number, extendedRows: number, dataset: { id: string, rowCount: number, columns: Array<{ name: string, type: ColumnType, canonicalName: string | null, iocType: IocType | null }> } } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const DashboardDocument = new TypedDocumentString(`
    query Dashboard($huntIds: [ID!], $first: Int!) {
  correlation(huntIds: $huntIds) {
    summaryLines
    totalCorrelations
    hunts {
      id
      name
    }
    iocOverlaps(first: $first) {
      totalCount
      suppressedCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        value
        iocType
        score
        verdict
        rowCount
        huntCount
        lastSeen
        reasons {
          signal
          effect
          detail
        }
        prevalence {
          hunts
          totalHunts
          hosts
          totalHosts
        }
      }
    }
    hostOverlaps {
      totalCount
    }
    timeOverlaps {
      totalCount
    }
    techniqueOverlaps {
      totalCount
    }
  }
}
    `) as unknown as TypedDocumentString<DashboardQuery, DashboardQueryVariables>;
export const WhereElseDocument = new TypedDocumentString(`
    query WhereElse($value: String!, $after: String) {
  iocSightings(value: $value, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      iocType
      value
      column
      rowCount
      firstSeen
      lastSeen
      hunt {
        id
        name
      }
      dataset {
        id
        filename
      }
    }
  }
}
    `) as unknown as TypedDocumentString<WhereElseQuery, WhereElseQueryVariables>;
export const CreateHuntDocument = new TypedDocumentString(`
    mutation CreateHunt($name: String!) {
  createHunt(input: {name: $name}) {
    hunt {
      id
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateHuntMutation, CreateHuntMutationVariables>;
export const ImportDatasetDocument = new TypedDocumentString(`
    mutation ImportDataset($input: ImportDatasetInput!) {
  importDataset(input: $input) {
    dataset {
      id
      rowCount
      columns {
        name
        type
        canonicalName
        iocType
      }
    }
    paddedRows
    extendedRows
  }
}
    `) as unknown as TypedDocumentString<ImportDatasetMutation, ImportDatasetMutationVariables>;