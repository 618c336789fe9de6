/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Dashboard($huntIds: [ID!], $first: Int!) {\n    correlation(huntIds: $huntIds) {\n      summaryLines\n      totalCorrelations\n      hunts {\n        id\n        name\n      }\n      iocOverlaps(first: $first) {\n        totalCount\n        suppressedCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          value\n          iocType\n          score\n          verdict\n          rowCount\n          huntCount\n          lastSeen\n          reasons {\n            signal\n            effect\n            detail\n          }\n          prevalence {\n            hunts\n            totalHunts\n            hosts\n            totalHosts\n          }\n        }\n      }\n      hostOverlaps {\n        totalCount\n      }\n      timeOverlaps {\n        totalCount\n      }\n      techniqueOverlaps {\n        totalCount\n      }\n    }\n  }\n": typeof types.DashboardDocument,
    "\n  query WhereElse($value: String!, $after: String) {\n    iocSightings(value: $value, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        iocType\n        value\n        column\n        rowCount\n        firstSeen\n        lastSeen\n        hunt {\n          id\n          name\n        }\n        dataset {\n          id\n          filename\n        }\n      }\n    }\n  }\n": typeof types.WhereElseDocument,
    "\n  mutation CreateHunt($name: String!) {\n    createHunt(input: { name: $name }) {\n      hunt {\n        id\n        name\n      }\n    }\n  }\n": typeof types.CreateHuntDocument,
    "\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      dataset {\n        id\n        rowCount\n        columns {\n          name\n          type\n          canonicalName\n          iocType\n        }\n      }\n      paddedRows\n      extendedRows\n    }\n  }\n": typeof types.ImportDatasetDocument,
};
const documents: Documents = {
    "\n  query Dashboard($huntIds: [ID!], $first: Int!) {\n    correlation(huntIds: $huntIds) {\n      summaryLines\n      totalCorrelations\n      hunts {\n        id\n        name\n      }\n      iocOverlaps(first: $first) {\n        totalCount\n        suppressedCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          value\n          iocType\n          score\n          verdict\n          rowCount\n          huntCount\n          lastSeen\n          reasons {\n            signal\n            effect\n            detail\n          }\n          prevalence {\n            hunts\n            totalHunts\n            hosts\n            totalHosts\n          }\n        }\n      }\n      hostOverlaps {\n        totalCount\n      }\n      timeOverlaps {\n        totalCount\n      }\n      techniqueOverlaps {\n        totalCount\n      }\n    }\n  }\n": types.DashboardDocument,
    "\n  query WhereElse($value: String!, $after: String) {\n    iocSightings(value: $value, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        iocType\n        value\n        column\n        rowCount\n        firstSeen\n        lastSeen\n        hunt {\n          id\n          name\n        }\n        dataset {\n          id\n          filename\n        }\n      }\n    }\n  }\n": types.WhereElseDocument,
    "\n  mutation CreateHunt($name: String!) {\n    createHunt(input: { name: $name }) {\n      hunt {\n        id\n        name\n      }\n    }\n  }\n": types.CreateHuntDocument,
    "\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      dataset {\n        id\n        rowCount\n        columns {\n          name\n          type\n          canonicalName\n          iocType\n        }\n      }\n      paddedRows\n      extendedRows\n    }\n  }\n": types.ImportDatasetDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Dashboard($huntIds: [ID!], $first: Int!) {\n    correlation(huntIds: $huntIds) {\n      summaryLines\n      totalCorrelations\n      hunts {\n        id\n        name\n      }\n      iocOverlaps(first: $first) {\n        totalCount\n        suppressedCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        nodes {\n          value\n          iocType\n          score\n          verdict\n          rowCount\n          huntCount\n          lastSeen\n          reasons {\n            signal\n            effect\n            detail\n          }\n          prevalence {\n            hunts\n            totalHunts\n            hosts\n            totalHosts\n          }\n        }\n      }\n      hostOverlaps {\n        totalCount\n      }\n      timeOverlaps {\n        totalCount\n      }\n      techniqueOverlaps {\n        totalCount\n      }\n    }\n  }\n"): typeof import('./graphql').DashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query WhereElse($value: String!, $after: String) {\n    iocSightings(value: $value, after: $after) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        iocType\n        value\n        column\n        rowCount\n        firstSeen\n        lastSeen\n        hunt {\n          id\n          name\n        }\n        dataset {\n          id\n          filename\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').WhereElseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateHunt($name: String!) {\n    createHunt(input: { name: $name }) {\n      hunt {\n        id\n        name\n      }\n    }\n  }\n"): typeof import('./graphql').CreateHuntDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ImportDataset($input: ImportDatasetInput!) {\n    importDataset(input: $input) {\n      dataset {\n        id\n        rowCount\n        columns {\n          name\n          type\n          canonicalName\n          iocType\n        }\n      }\n      paddedRows\n      extendedRows\n    }\n  }\n"): typeof import('./graphql').ImportDatasetDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
