// Every TypeORM entity, in one list for the DataSource.
import { DatasetRow } from "../modules/dataset/dataset-row.entity";
import { Dataset } from "../modules/dataset/dataset.entity";
import { EnrichmentResult } from "../modules/enrichment/enrichment.entity";
import { Hunt } from "../modules/hunt/hunt.entity";
import { Hypothesis } from "../modules/hypothesis/hypothesis.entity";
import { IocOccurrence } from "../modules/occurrence/ioc-occurrence.entity";
import { IocSharedValue } from "../modules/occurrence/ioc-shared-value.entity";

export const entities = [Hunt, Dataset, DatasetRow, Hypothesis, EnrichmentResult, IocOccurrence, IocSharedValue];
