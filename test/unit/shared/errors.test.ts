import { IngestError } from "../../../src/shared/errors";

describe("IngestError", () => {
  it("names the file, the line and the reason", () => {
    const error = new IngestError("access.csv", "row larger than 1 MiB", 7);
    expect(error.message).toBe("access.csv line 7: row larger than 1 MiB");
    expect([error.name, error.file, error.line, error.reason]).toEqual(["IngestError", "access.csv", 7, "row larger than 1 MiB"]);
    expect(error).toBeInstanceOf(Error);
  });

  it("leaves the line out when it is not known", () => {
    expect(new IngestError("empty.csv", "file is empty: no header row").message).toBe("empty.csv: file is empty: no header row");
  });
});
