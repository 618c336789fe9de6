// A small corpus shaped like real endpoint telemetry, for ranking tests: eight hunts of twelve hosts each,
// one proxy export and one process export per hunt. Every host talks to the same OS and browser
// telemetry domains, cloud and CDN addresses and internal servers, and runs the same system binaries:
// the background every hunt shares. A campaign touches two hosts in each of three hunts: a C2 address
// it beacons to many times, a C2 domain, a payload URL and a dropper hash. Generated with a fixed seed,
// so the counts are the same on every run; no value was chosen to suit the score.
import { csv } from "./hunting";

export const CAMPAIGN = {
  ip: "185.243.115.84",
  domain: "cdn-sync.freshupdates.top",
  url: "http://cdn-sync.freshupdates.top/gate.php",
  hash: "9f2c5a8e4b1d7c3a6e0f8b2d4c6a8e1f3b5d7c9a0e2f4b6d8c1a3e5f7b9d0c2e",
} as const;

export const BACKGROUND_DOMAINS = [
  "settings-win.data.microsoft.com",
  "login.microsoftonline.com",
  "officecdn.microsoft.com",
  "www.google.com",
  "update.googleapis.com",
  "clients2.google.com",
  "ocsp.digicert.com",
  "ctldl.windowsupdate.com",
];
const BACKGROUND_IPS = ["13.107.42.14", "20.190.151.7", "142.250.185.78", "52.96.165.34", "10.0.0.53", "10.0.0.10", "104.18.32.7"];
const BACKGROUND_HASHES = [
  // Stand-ins for the hashes of svchost.exe, explorer.exe and conhost.exe.
  "643ec58e82e0272c97c2a59f6020970d881af19c0ad5029db9c958c13b6558c7",
  "1bc5066ddf693fc034d6514618854e26a84fd0d684eb5c4b3cd7a4e8c6a5b5e4",
  "3d46e95284f93bbb76b3b7e1bf0e1b2d51e8a9a6c49a1c5d1f4b47f1d5f2a3b0",
];

export const HUNTS = 8;
const CAMPAIGN_HUNTS = [1, 4, 6];
const HOSTS = 12;

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

export interface CorpusHunt {
  name: string;
  exports: { filename: string; csv: string }[];
}

/** The eight hunts with their two exports each. */
export function campaignCorpus(): CorpusHunt[] {
  const next = random(42);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  return Array.from({ length: HUNTS }, (_, h) => {
    const hosts = Array.from({ length: HOSTS }, (_, i) => `H${h}-WS-${String(i + 1).padStart(3, "0")}`);
    const time = (i: number) => new Date(Date.UTC(2024, 2, 1 + h, 8, 0, 0) + i * 61_000).toISOString();
    const proxy = ["Timestamp,Hostname,dst_ip,query_name,url"];
    const processes = ["Timestamp,Hostname,process_name,sha256"];
    let i = 0;
    for (const host of hosts) {
      for (let k = 0; k < 20; k++) {
        const domain = pick(BACKGROUND_DOMAINS);
        proxy.push(`${time(i++)},${host},${pick(BACKGROUND_IPS)},${domain},https://${domain}/`);
      }
      BACKGROUND_HASHES.forEach((hash, k) =>
        processes.push(`${time(i++)},${host},${["svchost.exe", "explorer.exe", "conhost.exe"][k]},${hash}`),
      );
    }
    if (CAMPAIGN_HUNTS.includes(h)) {
      for (const host of hosts.slice(0, 2)) {
        // Beaconing: the C2 address many times, the domain and payload now and then.
        for (let k = 0; k < 60; k++) proxy.push(`${time(i++)},${host},${CAMPAIGN.ip},,`);
        for (let k = 0; k < 3; k++) proxy.push(`${time(i++)},${host},${CAMPAIGN.ip},${CAMPAIGN.domain},${CAMPAIGN.url}`);
        processes.push(`${time(i++)},${host},updater.exe,${CAMPAIGN.hash}`);
      }
    }
    return {
      name: `Hunt ${h + 1}`,
      exports: [
        { filename: `hunt-${h + 1}-proxy.csv`, csv: csv(...proxy) },
        { filename: `hunt-${h + 1}-processes.csv`, csv: csv(...processes) },
      ],
    };
  });
}
