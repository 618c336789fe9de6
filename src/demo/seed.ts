// `serve --demo`: a few hunts that share indicators, techniques and hosts, loaded into an empty database.
import { Readable } from "node:stream";
import type { Database } from "../database/data-source";
import { Verdict } from "../modules/enrichment/enrichment.entity";
import { HuntStatus } from "../modules/hunt/hunt.entity";
import { HypothesisStatus } from "../modules/hypothesis/hypothesis.entity";
import { createServices } from "../modules/services";
import { IocType } from "../shared/ioc-type";
import { logger } from "../shared/logger";
import { DEMO_EXPORTS } from "./exports";

const HUNTS = [
  {
    name: "Emotet follow-up, finance",
    description: "Macro-laden invoices opened on finance workstations.",
    hypotheses: [
      { title: "PowerShell download cradle after macro", mitreTechnique: "T1059.001", status: HypothesisStatus.CONFIRMED },
      { title: "Persistence through Run keys", mitreTechnique: "T1547.001", status: HypothesisStatus.ACTIVE },
    ],
  },
  {
    name: "Beaconing from build servers",
    description: "Periodic outbound TLS from CI agents.",
    hypotheses: [
      { title: "Encoded PowerShell launched by the build agent", mitreTechnique: "t1059.001 ", status: HypothesisStatus.ACTIVE },
      { title: "C2 over HTTPS", mitreTechnique: "T1071.001", status: HypothesisStatus.DRAFT },
    ],
  },
  {
    name: "Lateral movement review",
    description: "Admin-share logons outside change windows.",
    status: HuntStatus.CLOSED,
    hypotheses: [{ title: "SMB admin shares used to move laterally", mitreTechnique: "T1021.002", status: HypothesisStatus.REJECTED }],
  },
];

/** The demo's verdicts never expire: a demo seeded yesterday shows them as well as one seeded now. */
const ENRICHMENTS = [
  { iocValue: "185.220.101.45", iocType: IocType.IP, source: "abuseipdb", verdict: Verdict.MALICIOUS, confidence: 0.97, expiresAt: null },
  {
    iocValue: "update-check.example-cdn.net",
    iocType: IocType.DOMAIN,
    source: "virustotal",
    verdict: Verdict.SUSPICIOUS,
    confidence: 0.6,
    expiresAt: null,
  },
];

/** Loads the demo unless the database already holds hunts; returns whether it did. */
export async function seedDemo(database: Database): Promise<boolean> {
  const services = createServices(database);
  if ((await services.hunts.count({})) > 0) return false;
  for (const { hypotheses, ...hunt } of HUNTS) {
    const { id } = await services.hunts.create(hunt);
    for (const hypothesis of hypotheses) await services.hypotheses.create({ ...hypothesis, huntId: id });
    for (const { filename, sourceTool, csv } of DEMO_EXPORTS[hunt.name]) {
      await services.ingest.importCsv({ huntId: id, filename, sourceTool, source: Readable.from([Buffer.from(csv)]) });
    }
  }
  await services.enrichments.record(ENRICHMENTS);
  logger.info({ hunts: HUNTS.length }, "loaded the demo");
  return true;
}
