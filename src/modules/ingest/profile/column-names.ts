// ThreatHunt's canonical column names (reference §2.3): raw header names mapped to one vocabulary.

/**
 * Canonical name ← accepted raw names, matched against the whole (trimmed) raw name, case-insensitively,
 * in this order. `_?` is an optional underscore; in `laddr.ip`, `raddr.ip`, `laddr.port` and `raddr.port`
 * the dot is optional too.
 */
const COLUMN_RULES: [string, RegExp][] = [
  [
    "timestamp",
    /^(?:timestamp|time|event_?time|date_?time|created?_?(?:at|time|date)|modified_?(?:at|time|date)|mtime|ctime|atime|start_?time|end_?time|eventtime|system\.timecreated)$/i,
  ],
  ["hostname", /^(?:hostname|host|fqdn|computer_?name|system_?name|machinename|clientid)$/i],
  ["os", /^(?:os|operating_?system|os_?version|os_?name|platform|os_?type)$/i],
  ["src_ip", /^(?:source_?ip|src_?ip|srcaddr|local_?address|sourceaddress|sourceip|laddr\.?ip)$/i],
  ["dst_ip", /^(?:dest_?ip|dst_?ip|dstaddr|remote_?address|destinationaddress|destaddress|destination_?ip|destinationip|raddr\.?ip)$/i],
  ["ip_address", /^(?:ip_?address|ipaddress|ip)$/i],
  ["src_port", /^(?:source_?port|src_?port|localport|laddr\.?port)$/i],
  ["dst_port", /^(?:dest_?port|dst_?port|remoteport|destinationport|raddr\.?port)$/i],
  ["process_name", /^(?:process_?name|name|image|exe|executable|binary)$/i],
  ["pid", /^(?:pid|process_?id)$/i],
  ["ppid", /^(?:ppid|parent_?pid|parentprocessid)$/i],
  ["command_line", /^(?:command_?line|cmdline|commandline|cmd)$/i],
  ["parent_command_line", /^(?:parent_?command_?line|parentcommandline)$/i],
  ["username", /^(?:user|username|user_?name|account_?name|subjectusername)$/i],
  ["user_id", /^(?:user_?id|uid|sid|subjectusersid)$/i],
  ["file_path", /^(?:file_?path|fullpath|full_?name|path|filepath)$/i],
  ["file_name", /^(?:file_?name|filename|name)$/i],
  ["file_size", /^(?:file_?size|size|bytes|length)$/i],
  ["file_extension", /^(?:extension|file_?ext)$/i],
  ["hash_md5", /^(?:md5|md5hash|hash_?md5)$/i],
  ["hash_sha1", /^(?:sha1|sha1hash|hash_?sha1)$/i],
  ["hash_sha256", /^(?:sha256|sha256hash|hash_?sha256|hash|filehash)$/i],
  ["protocol", /^(?:protocol|proto)$/i],
  ["domain", /^(?:domain|dns_?name|query_?name|queriedname)$/i],
  ["url", /^(?:url|uri|request_?url)$/i],
  ["mac_address", /^(?:mac|mac_?address|physical_?address|mac_?addr|hw_?addr|ethernet)$/i],
  ["connection_state", /^(?:state|status|tcp_?state|conn_?state)$/i],
  ["event_id", /^(?:event_?id|eventid|eid)$/i],
  ["event_type", /^(?:event_?type|eventtype|category|action)$/i],
  ["description", /^(?:description|message|msg|detail)$/i],
  ["severity", /^(?:severity|level|priority)$/i],
  ["registry_key", /^(?:reg_?key|registry_?key|targetobject)$/i],
  ["registry_value", /^(?:reg_?value|registry_?value)$/i],
];

/** The canonical name of the first rule that accepts the raw column name, or null. */
export function canonicalColumnName(raw: string): string | null {
  const name = raw.trim();
  return COLUMN_RULES.find(([, pattern]) => pattern.test(name))?.[0] ?? null;
}

/** Lower-cased, runs of characters other than (Unicode) letters and digits turned into `_`, trimmed of `_`. */
export function snakeCase(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * The name of a column no rule gives a (free) canonical name: its snake_case, or `column_<position>`
 * (1-based) when that is empty, with `_2`, `_3`, ... appended while the name is taken.
 */
export function fallbackColumnName(raw: string, position: number, taken: ReadonlySet<string>): string {
  const base = snakeCase(raw) || `column_${position}`;
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

/**
 * Raw column → canonical name, every canonical name used once. First every column a rule accepts gets
 * that rule's name unless an earlier column already has it; then each remaining column gets its fallback
 * name, unique against all names given so far. So a fallback never takes a name a rule gives, and two
 * columns with the same snake_case ("Src Port", "src-port") still get different names. Raw names are unique
 * (the CSV reader makes them so).
 */
export function mapColumns(header: readonly string[]): Record<string, string> {
  const taken = new Set<string>();
  const ruleNames = header.map((raw) => {
    const canonical = canonicalColumnName(raw);
    if (canonical === null || taken.has(canonical)) return null;
    taken.add(canonical);
    return canonical;
  });
  return Object.fromEntries(
    header.map((raw, i) => {
      let name = ruleNames[i];
      if (name === null) {
        name = fallbackColumnName(raw, i + 1, taken);
        taken.add(name);
      }
      return [raw, name];
    }),
  );
}
