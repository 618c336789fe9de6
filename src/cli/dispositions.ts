// `huntgraph dispositions` and `huntgraph exclusions`: analysts' judgements of indicators and their
// exclusion rules, from a terminal.
import { type Command, Option } from "commander";
import { DispositionKind } from "../modules/disposition/disposition.entity";
import { ExclusionKind } from "../modules/disposition/exclusion-rule.entity";
import { createServices } from "../modules/services";
import { badInput } from "../shared/errors";
import { IocType } from "../shared/ioc-type";
import type { Page } from "../shared/page";
import { oneOf } from "./arguments";
import { type OpenDatabase, withDatabase } from "./database";
import { findHunt } from "./hunt";
import type { CliOutput } from "./output";

/** Every row, for listings (a terminal pages by itself). */
const EVERYTHING: Page = { offset: 0, limit: 2 ** 31 - 2 };

const typeOption = () =>
  new Option("--type <type>", "kind of indicator: ip, domain, url, hash_md5, hash_sha1, hash_sha256, hostname").argParser(oneOf(IocType));

interface DispositionOptions {
  type: IocType;
  value: string;
  hunt?: string;
  reason: string;
}

export function addDispositionCommands(program: Command, open: OpenDatabase, out: CliOutput): void {
  const dispositions = program
    .command("dispositions")
    .description("analysts' judgements of indicators: BENIGN, IGNORED (both set aside) or ESCALATED");
  dispositions
    .command("list", { isDefault: true })
    .description("list every disposition, newest first: id, disposition, type, value, hunt, reason")
    .action(() =>
      withDatabase(open, async (database) => {
        for (const d of await createServices(database).dispositions.dispositions({}, EVERYTHING)) {
          out.line([d.id, d.disposition, d.iocType, d.value, d.huntId ?? "every hunt", d.reason].join("\t"));
        }
      }),
    );
  dispositions
    .command("set")
    .description("record a disposition (replacing the indicator's earlier one for the same hunt, or globally)")
    .argument("<disposition>", "BENIGN, IGNORED or ESCALATED", oneOf(DispositionKind))
    .addOption(typeOption().makeOptionMandatory())
    .requiredOption("--value <value>", "the indicator")
    .requiredOption("--reason <reason>", "why: shown wherever it takes effect")
    .option("--hunt <hunt>", "only for this hunt (its id or exact name); default: every hunt")
    .action((disposition: DispositionKind, options: DispositionOptions) =>
      withDatabase(open, async (database) => {
        const services = createServices(database);
        const huntId = options.hunt === undefined ? null : await requiredHunt(services, options.hunt);
        const saved = await services.dispositions.setDisposition({
          iocType: options.type,
          value: options.value,
          huntId,
          disposition,
          reason: options.reason,
        });
        out.line(`${saved.id}\t${saved.disposition}\t${saved.iocType}\t${saved.value}`);
      }),
    );
  dispositions
    .command("remove")
    .description("remove a disposition by id")
    .argument("<id>", "the disposition's id")
    .action((id: string) =>
      withDatabase(open, async (database) => {
        const removed = await createServices(database).dispositions.removeDisposition(id);
        out.line(`removed ${removed.disposition} of ${removed.iocType} ${removed.value}`);
      }),
    );
  addExclusionCommands(program, open, out);
}

interface ExclusionOptions {
  type?: IocType;
  reason: string;
}

function addExclusionCommands(program: Command, open: OpenDatabase, out: CliOutput): void {
  const exclusions = program.command("exclusions").description("exclusion rules: indicators they match are set aside from IOC overlaps");
  exclusions
    .command("list", { isDefault: true })
    .description("list every rule, oldest first: id, kind, pattern, type, reason")
    .action(() =>
      withDatabase(open, async (database) => {
        for (const rule of await createServices(database).dispositions.exclusionRules(EVERYTHING)) {
          out.line([rule.id, rule.kind, rule.pattern, rule.iocType ?? "any type", rule.reason].join("\t"));
        }
      }),
    );
  exclusions
    .command("add")
    .description("add a rule; it applies at once to what is already imported")
    .argument("<kind>", "EXACT (one value), CIDR (a block), DOMAIN (a domain and its subdomains) or REGEX", oneOf(ExclusionKind))
    .argument("<pattern>", "the value, block, domain or expression")
    .addOption(typeOption())
    .requiredOption("--reason <reason>", "why these values are not of interest")
    .action((kind: ExclusionKind, pattern: string, options: ExclusionOptions) =>
      withDatabase(open, async (database) => {
        const rule = await createServices(database).dispositions.addExclusionRule({
          kind,
          pattern,
          iocType: options.type,
          reason: options.reason,
        });
        out.line(`${rule.id}\t${rule.kind}\t${rule.pattern}`);
      }),
    );
  exclusions
    .command("remove")
    .description("remove a rule by id: what it set aside comes back")
    .argument("<id>", "the rule's id")
    .action((id: string) =>
      withDatabase(open, async (database) => {
        const removed = await createServices(database).dispositions.removeExclusionRule(id);
        out.line(`removed ${removed.kind} ${removed.pattern}`);
      }),
    );
}

async function requiredHunt(services: ReturnType<typeof createServices>, hunt: string): Promise<string> {
  const id = await findHunt(services, hunt);
  if (id === null) throw badInput(`--hunt: no hunt is named '${hunt}'`, "hunt");
  return id;
}
