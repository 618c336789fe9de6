// The queries GraphiQL opens with, one tab each. Every one of them returns data on the demo database
// (test/integration/server/graphiql-examples.test.ts runs them).

export interface ExampleQuery {
  name: string;
  query: string;
}

export const EXAMPLE_QUERIES: ExampleQuery[] = [
  {
    name: "WhatConnects",
    query: `# Welcome to huntgraph. Press ▶ to run this query; the other tabs hold more examples.
# What connects every hunt? Each kind of overlap is computed only if you select it.
# Shared indicators come ranked, each with the reasons for its place; well-known noise
# (warninglists, analysts' dispositions, exclusion rules) is set aside, counted and listed.
query WhatConnects {
  correlation {
    hunts { name }
    summary
    totalCorrelations
    iocOverlaps(first: 10) {
      totalCount
      suppressedCount
      nodes {
        value
        iocType
        score
        reasons { signal effect detail }
        rowCount
        verdict
        prevalence { hunts totalHunts hosts totalHosts }
        hunts { name }
        sightings { column rowCount dataset { filename } }
      }
    }
    suppressed(first: 10) {
      nodes { value iocType suppressedBy { source id reason } }
    }
    hostOverlaps {
      totalCount
      nodes { hostname rowCount hunts { name } }
    }
    techniqueOverlaps {
      nodes { techniqueId techniqueName hunts { name } }
    }
    timeOverlaps(first: 5) {
      totalCount
      nodes { hours start end datasetA { filename } datasetB { filename } }
    }
  }
}
`,
  },
  {
    name: "Hunts",
    query: `# Hunts with their datasets and hypotheses: every nested list is a paged connection.
query Hunts {
  hunts(first: 10) {
    totalCount
    nodes {
      id
      name
      status
      datasets {
        totalCount
        nodes { name filename rowCount timeRangeStart timeRangeEnd columns { name type canonicalName iocType } }
      }
      hypotheses {
        nodes { title mitreTechnique status }
      }
    }
  }
}
`,
  },
  {
    name: "WhereElse",
    query: `# Where else was this indicator seen? Any form works: case and defanging do not matter.
query WhereElse {
  iocSightings(value: "185.220.101[.]45") {
    totalCount
    nodes {
      iocType
      column
      rowCount
      firstSeen
      lastSeen
      hunt { name }
      dataset { filename }
      firstRow { rowIndex data }
    }
  }
}
`,
  },
  {
    name: "MaliciousShared",
    query: `# Shared indicators whose current verdict is malicious, with every cached enrichment result.
query MaliciousShared {
  correlation {
    iocOverlaps(verdict: MALICIOUS) {
      totalCount
      nodes {
        value
        iocType
        hunts { name }
        enrichments { source verdict confidence cachedAt expiresAt expired }
      }
    }
  }
}
`,
  },
];
