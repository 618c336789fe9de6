// The queries GraphiQL opens with, one tab each. Every one of them returns data on the demo database.

export interface ExampleQuery {
  name: string;
  query: string;
}

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    name: "Hunts",
    query: `# Welcome to huntgraph. Press the ▶ button to run this query.
# Hunts with their datasets and hypotheses: every nested list is a paged connection.
query Hunts {
  hunts(first: 10) {
    totalCount
    nodes {
      id
      name
      status
      datasets {
        totalCount
        nodes { name filename rowCount iocColumns timeRangeStart timeRangeEnd }
      }
      hypotheses {
        nodes { title mitreTechnique status }
      }
    }
  }
}
`,
  },
];
