// Every migration, oldest first. A new migration is added here as well as in this folder.
import { ThreathuntBaseline1764400000000 } from "./1764400000000-threathunt-baseline";
import { ServerSideDefaults1764400000001 } from "./1764400000001-server-side-defaults";
import { IocOccurrenceIndex1764400000002 } from "./1764400000002-ioc-occurrence-index";
import { CorrelationSupport1764400000003 } from "./1764400000003-correlation-support";
import { CheaperOccurrenceWrites1764400000004 } from "./1764400000004-cheaper-occurrence-writes";
import { Relevance1764400000005 } from "./1764400000005-relevance";
import { MatchesOnSharedValues1764400000006 } from "./1764400000006-matches-on-shared-values";
import { DataVersion1764400000007 } from "./1764400000007-data-version";
import { AccessControl1764400000008 } from "./1764400000008-access-control";
import { WideFileSizes1764400000009 } from "./1764400000009-wide-file-sizes";
import { ContentHash1764400000010 } from "./1764400000010-content-hash";
import { HypothesisTimestamps1764400000011 } from "./1764400000011-hypothesis-timestamps";
import { LinkEvents1764400000012 } from "./1764400000012-link-events";
import { RankKeys1764400000013 } from "./1764400000013-rank-keys";

export const migrations = [
  ThreathuntBaseline1764400000000,
  ServerSideDefaults1764400000001,
  IocOccurrenceIndex1764400000002,
  CorrelationSupport1764400000003,
  CheaperOccurrenceWrites1764400000004,
  Relevance1764400000005,
  MatchesOnSharedValues1764400000006,
  DataVersion1764400000007,
  AccessControl1764400000008,
  WideFileSizes1764400000009,
  ContentHash1764400000010,
  HypothesisTimestamps1764400000011,
  LinkEvents1764400000012,
  RankKeys1764400000013,
];
