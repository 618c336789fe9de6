// Every TypeORM entity, in one list for the DataSource.
import { DatasetRow } from "../modules/dataset/dataset-row.entity";
import { Dataset } from "../modules/dataset/dataset.entity";
import { IocDisposition } from "../modules/disposition/disposition.entity";
import { ExclusionRule } from "../modules/disposition/exclusion-rule.entity";
import { IocRuleMatch } from "../modules/disposition/ioc-rule-match.entity";
import { EnrichmentResult } from "../modules/enrichment/enrichment.entity";
import { Hunt } from "../modules/hunt/hunt.entity";
import { Hypothesis } from "../modules/hypothesis/hypothesis.entity";
import { ReindexRequired } from "../modules/ingest/reindex-required.entity";
import { IocOccurrence } from "../modules/occurrence/ioc-occurrence.entity";
import { IocSharedValue } from "../modules/occurrence/ioc-shared-value.entity";
import { IocValueHunt } from "../modules/occurrence/ioc-value-hunt.entity";
import { IocListMatch } from "../modules/warninglist/ioc-list-match.entity";
import { WarninglistEntry } from "../modules/warninglist/warninglist-entry.entity";
import { Warninglist } from "../modules/warninglist/warninglist.entity";

export const entities = [
  Hunt,
  Dataset,
  DatasetRow,
  Hypothesis,
  EnrichmentResult,
  IocOccurrence,
  IocSharedValue,
  IocValueHunt,
  Warninglist,
  WarninglistEntry,
  IocListMatch,
  ExclusionRule,
  IocRuleMatch,
  IocDisposition,
  ReindexRequired,
];
