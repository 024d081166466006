import { describe, expect, it } from "vitest";
import { detectDelimiter } from "@/lib/schemas/import-fields";
import { csvCell } from "./results-csv";

describe("results CSV cells", () => {
  it("quotes separators, quotes and newlines, and defuses values a spreadsheet would run as formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", twice\n')).toBe('"say ""hi"", twice\n"');
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });
});

describe("the separator of a file", () => {
  it("is read from the first line, outside quotes", () => {
    expect(detectDelimiter("email;firstname\na,b,c,d")).toBe(";");
    expect(detectDelimiter('"a;b;c",x,y\n')).toBe(",");
    expect(detectDelimiter("email\tname\n")).toBe("\t");
    expect(detectDelimiter("email\n")).toBe(",");
  });
});
