// The operations a hunting UI sends, written once: graphql-codegen reads them from here and gives each
// its result and variables types (src/gql/). `graphql(...)` is the preset's typed tag.
import { graphql } from "./gql";

/** The dashboard: the totals, the summary, and the first page of ranked shared indicators with reasons. */
export const Dashboard = graphql(`
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
`);

/** Where else was this seen: every dataset column of every hunt that holds the indicator. */
export const WhereElse = graphql(`
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
`);

export const CreateHunt = graphql(`
  mutation CreateHunt($name: String!) {
    createHunt(input: { name: $name }) {
      hunt {
        id
        name
      }
    }
  }
`);

/** A small export (up to 5 MiB), sent inline; larger files go to the upload route. */
export const ImportDataset = graphql(`
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
`);
