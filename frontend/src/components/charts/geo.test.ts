import { describe, expect, it } from "vitest";
import districts from "../../features/reports/city/seoul-districts.json";
import { binBounds, binOf, projectFeatures, type GeoCollection } from "./geo";

const square: GeoCollection = {
  features: [
    {
      properties: { code: "A", name: "가", name_en: "A" },
      geometry: { type: "Polygon", coordinates: [[[127, 37], [127.1, 37], [127.1, 37.1], [127, 37.1], [127, 37]]] },
    },
  ],
};

describe("projectFeatures", () => {
  it("scales longitude by the cosine of the middle latitude, north up, inside the padding", () => {
    const projection = projectFeatures(square, 100, 0);
    const cos = Math.cos((37.05 * Math.PI) / 180);
    // 0.1° of longitude spans the width; 0.1° of latitude is 1/cos as tall.
    expect(projection.height).toBe(Math.ceil(100 / cos));
    expect(projection.project(127, 37.1)).toEqual([0, 0]); // the north-west corner is the top left
    expect(projection.project(127.1, 37)).toEqual([100, Math.round((100 / cos) * 10) / 10]);
    expect(projection.areas[0]!.d.startsWith("M0 ")).toBe(true);
    expect(projection.areas[0]!.d.endsWith("Z")).toBe(true);
  });

  it("keeps Seoul's 25 districts keyed by our district codes, every point inside the box", () => {
    const projection = projectFeatures(districts as unknown as GeoCollection, 360);
    expect(projection.areas).toHaveLength(25);
    expect(projection.areas.map((area) => area.code)).toContain("11440");
    expect(projection.areas.find((area) => area.code === "11440")!.name).toBe("마포구");
    const numbers = projection.areas.flatMap((area) => area.d.match(/-?\d+(\.\d+)?/g)!.map(Number));
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(Math.max(360, projection.height));
    // Seoul is wider than tall (about 36 km by 30 km).
    expect(projection.height).toBeGreaterThan(250);
    expect(projection.height).toBeLessThan(360);
  });
});

describe("colour bins", () => {
  it("cuts 0..max in five equal steps, with zero (and less) and no figure apart", () => {
    const bounds = binBounds([0, 100, 250, 500, -20]);
    expect(bounds).toEqual([100, 200, 300, 400, 500]);
    expect(binOf(null, bounds)).toBeNull();
    expect(binOf(undefined, bounds)).toBeNull();
    expect(binOf(0, bounds)).toBe(0);
    expect(binOf(-20, bounds)).toBe(0);
    expect(binOf(1, bounds)).toBe(1);
    expect(binOf(100, bounds)).toBe(1); // an upper bound belongs to its step
    expect(binOf(100.5, bounds)).toBe(2);
    expect(binOf(250, bounds)).toBe(3);
    expect(binOf(500, bounds)).toBe(5);
  });

  it("has no steps when nothing is above zero", () => {
    expect(binBounds([0, 0, -5])).toEqual([]);
    expect(binOf(0, [])).toBe(0);
  });
});
