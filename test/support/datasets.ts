// Stores a dataset and its rows straight through TypeORM, for tests that need data without ingestion.
import type { DataSource } from "typeorm";
import { DatasetRow } from "../../src/modules/dataset/dataset-row.entity";
import { Dataset } from "../../src/modules/dataset/dataset.entity";

export interface TestDataset extends Partial<Omit<Dataset, "rowCount" | "assignId">> {
  huntId: string | null;
  /** The raw rows, stored with row_index 0..n-1; `rowCount` is their number. */
  rows?: Record<string, string>[];
  /** Canonical-name rows, one per raw row, when the test needs them. */
  normalizedRows?: Record<string, string>[];
}

export async function insertDataset(dataSource: DataSource, { rows = [], normalizedRows, ...fields }: TestDataset): Promise<Dataset> {
  return dataSource.transaction(async (tx) => {
    const dataset = await tx.save(
      tx.create(Dataset, {
        name: "dataset",
        filename: `${fields.name ?? "dataset"}.csv`,
        fileSizeBytes: 0,
        ...fields,
        rowCount: rows.length,
      }),
    );
    const entities = rows.map((data, rowIndex) =>
      tx.create(DatasetRow, { datasetId: dataset.id, rowIndex, data, normalizedData: normalizedRows?.[rowIndex] ?? null }),
    );
    // Chunks keep each INSERT well under PostgreSQL's 65535 parameters.
    for (let start = 0; start < entities.length; start += 1000) {
      await tx.insert(DatasetRow, entities.slice(start, start + 1000));
    }
    return dataset;
  });
}
