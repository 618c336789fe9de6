import { SNIFF_SAMPLE_CHARS, sniffDelimiter } from "../../../../../src/modules/ingest/csv/sniff";

describe("sniffDelimiter", () => {
  it.each([
    { what: "comma", text: "host,ip,port\nws1,10.0.0.1,443\nws2,10.0.0.2,80\n", delimiter: "," },
    { what: "tab", text: "host\tip\tport\nws1\t10.0.0.1\t443\n", delimiter: "\t" },
    { what: "semicolon", text: "host;ip;port\r\nws1;10.0.0.1;443\r\n", delimiter: ";" },
    { what: "pipe (osqueryi --csv)", text: "pid|name|path\n1|launchd|/sbin/launchd\n", delimiter: "|" },
    {
      what: "semicolon with decimal commas in every row (European Excel)",
      text: "Time;Client IP;Duration\n13/03/2024 08:01:17;10.20.30.42;0,21\n13/03/2024 08:03:42;10.20.30.42;1,75\n",
      delimiter: ";",
    },
    {
      what: "comma whose quoted fields hold more semicolons than there are commas",
      text: '"cmd;x;y",host\n"a;b;c",WS1\n"d;e;f",WS2\n',
      delimiter: ",",
    },
    {
      what: "tab with commas in a quoted multi-line field",
      text: 'pid\tcmdline\n1\t"a,b,c\nd,e"\n2\tf,g\n',
      delimiter: "\t",
    },
    {
      what: "the candidate most rows agree with, in a ragged file",
      text: "a|b|c\n1|2|3\n4|5\n6|7|8\n9|10|11|12\n13|14|15\n",
      delimiter: "|",
    },
    { what: "comma for a single column", text: "hostname\nws1\nws2\n", delimiter: "," },
    { what: "comma for empty text", text: "", delimiter: "," },
  ])("sniffs $what", ({ text, delimiter }) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });

  it("breaks a tie in consistency by the larger field count", () => {
    expect(sniffDelimiter("a,b;c;d\n1,2;3;4\n")).toBe(";");
  });

  it("breaks a full tie by the order , tab ; |", () => {
    expect(sniffDelimiter("a,b;c\n1,2;3\n")).toBe(",");
    expect(sniffDelimiter("a;b|c\n1;2|3\n")).toBe(";");
  });

  it("reads only the first 8 KiB", () => {
    const tabbed = "host\tip\tport\n".repeat(Math.ceil(SNIFF_SAMPLE_CHARS / 14));
    const piped = "host|ip|port|proto\n".repeat(2000);
    expect(sniffDelimiter(tabbed + piped)).toBe("\t");
    expect(sniffDelimiter(piped + tabbed)).toBe("|");
  });
});
